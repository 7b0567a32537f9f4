using SoData.Client;
using Xunit;

namespace SoData.Tests.Throttle;

/// <summary>The session's throttle on a fake clock: what waits, for how long, and what the session shows.</summary>
public class SessionThrottleTests
{
    private readonly FakeThrottleClock _clock = new();

    private SessionThrottle NewThrottle(int ceiling = 8) => new(_clock) { Ceiling = ceiling };

    private static List<SessionThrottle.Slot> Enter(SessionThrottle throttle, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            Task<SessionThrottle.Slot> task = throttle.EnterAsync(CancellationToken.None);
            Assert.True(task.IsCompletedSuccessfully);
            return task.Result;
        }).ToList();

    [Fact]
    public void WithoutThrottling_EveryRequestEntersAtOnce_AndNothingIsEngaged()
    {
        var throttle = NewThrottle();

        var slots = Enter(throttle, 50);
        Assert.Equal(50, throttle.InFlight);
        slots.ForEach(s => s.Succeeded());

        Assert.Equal(0, throttle.InFlight);
        Assert.Equal(8, throttle.Concurrency);
        Assert.Null(throttle.Pace);
        Assert.Equal(TimeSpan.Zero, throttle.TimeHeld);
        Assert.Equal(0, throttle.ThrottledAnswers);
    }

    [Fact]
    public void AThrottledAnswer_HoldsBackNewRequestsOfTheWholeSession_UntilRetryAfterHasPassed()
    {
        var throttle = NewThrottle();
        var slots = Enter(throttle, 8);
        string? said = null;

        slots[0].Throttled(TimeSpan.FromSeconds(3), change => said = change);
        slots.Skip(1).ToList().ForEach(s => s.Succeeded());
        Task<SessionThrottle.Slot> next = throttle.EnterAsync(CancellationToken.None);

        Assert.False(next.IsCompleted);
        _clock.Advance(2.9);
        Assert.False(next.IsCompleted);
        _clock.Advance(0.1);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(1, throttle.ThrottledAnswers);
        Assert.Equal(TimeSpan.FromSeconds(3), throttle.TimeHeld);
        // Throttled before any answer came back: paced at one request per Retry-After until a measure tells more.
        Assert.Equal("the session slows down: concurrency 8 -> 4, starts paced at 0.32 requests/s (the server admitted about 0.33/s).", said);
    }

    [Fact]
    public async Task TheConcurrencyIsCutOnThrottling_ThenGrowsBackOnSuccess_NeverAboveTheCeiling()
    {
        var throttle = NewThrottle(ceiling: 8);
        // 80 answers in half a second first, so the pace the throttling sets (about 50 a second) holds nothing back
        // here: this is about the concurrency.
        for (int i = 0; i < 10; i++)
        {
            Enter(throttle, 8).ForEach(s => s.Succeeded());
            _clock.Advance(0.05);
        }
        var slots = Enter(throttle, 8);
        slots[0].Throttled(TimeSpan.FromSeconds(1));
        // The other seven answered together with the first: one episode, one cut.
        for (int i = 1; i < 8; i++) slots[i].Throttled(TimeSpan.FromSeconds(1));
        Assert.Equal(4, throttle.Concurrency);
        Assert.Equal(8, throttle.ThrottledAnswers);

        Assert.InRange(throttle.Pace!.Value, 40, 60);
        _clock.Advance(1);
        var waiting = Enumerable.Range(0, 6).Select(_ => throttle.EnterAsync(CancellationToken.None)).ToList();
        _clock.Advance(0.1);
        Assert.Equal(4, waiting.Count(t => t.IsCompleted));
        Assert.Equal(4, throttle.InFlight);

        // Each success frees a slot for the next waiter and adds to the concurrency, about one per round of answers.
        int rounds = 0;
        var inFlight = new Queue<Task<SessionThrottle.Slot>>(waiting);
        while (throttle.Concurrency < 8 && rounds++ < 1000)
        {
            _clock.Advance(0.05);
            var done = inFlight.Dequeue();
            Assert.True(done.IsCompletedSuccessfully);
            (await done).Succeeded();
            inFlight.Enqueue(throttle.EnterAsync(CancellationToken.None));
            Assert.True(throttle.InFlight <= throttle.Concurrency);
        }
        Assert.Equal(8, throttle.Concurrency);
        Assert.InRange(rounds, 10, 200);
    }

    [Fact]
    public async Task AfterASecondThrottling_StartsArePacedAtTheRateTheServerAdmitted()
    {
        var throttle = NewThrottle();
        Enter(throttle, 8).ForEach(s => s.Throttled(TimeSpan.FromSeconds(1)));
        // Throttled before any answer: one request per Retry-After, until a measure tells more.
        Assert.InRange(throttle.Pace!.Value, 0.9, 1.0);

        // After the hold: one request a second, at that pace; the server throttles the second.
        _clock.Advance(1);
        Enter(throttle, 1).ForEach(s => s.Succeeded());
        _clock.Advance(1.1);
        string? said = null;
        Enter(throttle, 1)[0].Throttled(TimeSpan.FromSeconds(1), change => said = change);

        // One answer in the 2 s since the first throttling, and a pace of 1 a second throttled: the estimate keeps
        // three quarters of that pace, so starts are paced a little under.
        Assert.NotNull(throttle.Pace);
        Assert.InRange(throttle.Pace!.Value, 0.6, 0.8);
        Assert.Contains("starts paced at", said);

        // Once the hold has passed, one request starts and the next waits for its turn (about 1.4 s later).
        _clock.Advance(1);
        Task<SessionThrottle.Slot> first = throttle.EnterAsync(CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        (await first).Succeeded();
        Task<SessionThrottle.Slot> second = throttle.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        _clock.Advance(1.0);
        Assert.False(second.IsCompleted);
        _clock.Advance(0.6);
        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AWaitingRequest_CanBeCancelled_AndLeavesNoTraceInTheQueue()
    {
        var throttle = NewThrottle();
        Enter(throttle, 1)[0].Throttled(TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource();

        Task<SessionThrottle.Slot> waiting = throttle.EnterAsync(cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _clock.Advance(5);
        Assert.Equal(0, throttle.InFlight);
        Assert.True(throttle.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void OverlappingHolds_CountOnceInTheTimeHeld()
    {
        var throttle = NewThrottle();
        var slots = Enter(throttle, 2);

        slots[0].Throttled(TimeSpan.FromSeconds(2));
        _clock.Advance(1);
        slots[1].Throttled(TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(3), throttle.TimeHeld);
    }

    [Fact]
    public void AnOtherFailure_FreesTheSlotWithoutTeachingTheThrottleAnything()
    {
        var throttle = NewThrottle();
        Enter(throttle, 3).ForEach(s => s.Dispose());

        Assert.Equal(0, throttle.InFlight);
        Assert.Equal(8, throttle.Concurrency);
        Assert.Equal(0, throttle.ThrottledAnswers);
    }

    [Fact]
    public void TheRateTheServerAdmits_IsCountedFromTheEndOfAnIdleSpell()
    {
        var throttle = NewThrottle();
        // Connect-SoData's check of the API: one request, then the script does other things for 5 s.
        Enter(throttle, 1)[0].Succeeded();
        _clock.Advance(5);

        // Then about 10 answers a second, until the server throttles.
        for (int i = 0; i < 10; i++)
        {
            Enter(throttle, 1)[0].Succeeded();
            _clock.Advance(0.1);
        }
        Enter(throttle, 1)[0].Throttled(TimeSpan.FromSeconds(1));

        // The first guess spreads what went through while busy over that second and the hold (10 / 2 s): not 11 answers
        // over the 6 s since the check plus the hold (about 1.6 a second).
        Assert.NotNull(throttle.Pace);
        Assert.InRange(throttle.Pace!.Value, 4, 5.5);
    }
}
