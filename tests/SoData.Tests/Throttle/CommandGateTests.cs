using SoData.Client;
using Xunit;

namespace SoData.Tests.Throttle;

/// <summary>
/// -ThrottleLimit per command: each command joins its session's throttle with a gate of its own, which holds its own
/// requests and no other command's, in whatever runspace they run.
/// </summary>
public class CommandGateTests
{
    private readonly FakeThrottleClock _clock = new();

    private static Task<SessionThrottle.Slot> EnterAs(CommandGate? gate, SessionThrottle throttle, CancellationToken token = default)
    {
        using (CommandGate.Use(gate)) return throttle.EnterAsync(token);
    }

    private static List<SessionThrottle.Slot> Entered(CommandGate gate, SessionThrottle throttle, int count) =>
        Enumerable.Range(0, count).Select(_ =>
        {
            Task<SessionThrottle.Slot> task = EnterAs(gate, throttle);
            Assert.True(task.IsCompletedSuccessfully);
            return task.Result;
        }).ToList();

    [Fact]
    public async Task ACommandHasAtMostItsLimitInFlight_WhileAnotherCommandOnTheSessionHasItsOwn()
    {
        var throttle = new SessionThrottle(_clock);
        using CommandGate two = throttle.Join(2);
        using CommandGate sixteen = throttle.Join(16);

        List<SessionThrottle.Slot> mine = Entered(two, throttle, 2);
        Task<SessionThrottle.Slot> third = EnterAs(two, throttle);
        List<SessionThrottle.Slot> theirs = Entered(sixteen, throttle, 16);
        Task<SessionThrottle.Slot> seventeenth = EnterAs(sixteen, throttle);

        Assert.False(third.IsCompleted);
        Assert.False(seventeenth.IsCompleted);
        Assert.Equal((2, 16, 18), (two.InFlight, sixteen.InFlight, throttle.InFlight));

        // Only a request of its own command makes room.
        theirs[0].Succeeded();
        SessionThrottle.Slot next = await seventeenth;
        Assert.False(third.IsCompleted);
        mine[0].Succeeded();
        SessionThrottle.Slot mineNext = await third;
        Assert.Equal((2, 16), (two.InFlight, sixteen.InFlight));

        foreach (SessionThrottle.Slot slot in mine.Skip(1).Concat(theirs.Skip(1)).Append(next).Append(mineNext)) slot.Succeeded();
        Assert.Equal((0, 0, 0), (two.InFlight, sixteen.InFlight, throttle.InFlight));
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(16, 2)]
    public void TheSessionGrowsBackToTheHighestLimitOfTheCommandsUsingIt_WhicheverJoinedLast(int first, int second)
    {
        var throttle = new SessionThrottle(_clock);
        CommandGate a = throttle.Join(first);
        CommandGate b = throttle.Join(second);
        Assert.Equal(16, throttle.Ceiling);

        (a.Limit == 16 ? a : b).Dispose();
        Assert.Equal(2, throttle.Ceiling);
        (a.Limit == 2 ? a : b).Dispose();
        Assert.Equal(2, throttle.Ceiling); // no command left: as the last one left it
    }

    [Fact]
    public async Task AfterThrottling_ACommandWithAHigherLimitIsNotHeldToTheLowerLimitOfACommandThatJoinedLater()
    {
        var throttle = new SessionThrottle(_clock);
        using CommandGate sixteen = throttle.Join(16);
        // Answers first, so the pace the throttling sets holds nothing back here: this is about the concurrency.
        for (int i = 0; i < 10; i++)
        {
            Entered(sixteen, throttle, 16).ForEach(s => s.Succeeded());
            _clock.Advance(0.05);
        }
        List<SessionThrottle.Slot> slots = Entered(sixteen, throttle, 16);
        using CommandGate two = throttle.Join(2);
        slots.ForEach(s => s.Throttled(TimeSpan.FromSeconds(1)));
        Assert.True(throttle.Concurrency < 16);
        _clock.Advance(1);

        // Recovery grows back to the highest -ThrottleLimit in use (16), not to that of the command that joined last (2).
        var inFlight = new Queue<Task<SessionThrottle.Slot>>(Enumerable.Range(0, throttle.Concurrency).Select(_ => throttle.EnterAsync(CancellationToken.None)));
        int rounds = 0;
        while (throttle.Concurrency < 16 && rounds++ < 1000)
        {
            Task<SessionThrottle.Slot> next = inFlight.Dequeue();
            for (int step = 0; step < 200 && !next.IsCompleted; step++) _clock.Advance(0.05); // paced starts wait for their time
            Assert.True(next.IsCompletedSuccessfully);
            _clock.Advance(0.05);
            (await next).Succeeded();
            inFlight.Enqueue(throttle.EnterAsync(CancellationToken.None));
        }
        Assert.Equal(16, throttle.Concurrency);
    }

    [Fact]
    public async Task ARequestCancelledWhileItsCommandWasFull_GivesNoPlaceAway()
    {
        var throttle = new SessionThrottle(_clock);
        using CommandGate one = throttle.Join(1);
        SessionThrottle.Slot held = Entered(one, throttle, 1)[0];
        using var cancel = new CancellationTokenSource();
        Task<SessionThrottle.Slot> waiting = EnterAs(one, throttle, cancel.Token);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Succeeded();

        Assert.Equal(0, one.InFlight);
        Assert.Single(Entered(one, throttle, 1));
    }

    [Fact]
    public void RequestsOfNoCommand_OrOfAnotherSession_AreNotCounted()
    {
        var throttle = new SessionThrottle(_clock);
        var other = new SessionThrottle(_clock);
        using CommandGate one = throttle.Join(1);

        Task<SessionThrottle.Slot> outside = EnterAs(null, throttle);
        Task<SessionThrottle.Slot> elsewhere = EnterAs(one, other);
        Task<SessionThrottle.Slot> inside = EnterAs(one, throttle);

        Assert.True(outside.IsCompletedSuccessfully && elsewhere.IsCompletedSuccessfully && inside.IsCompletedSuccessfully);
        Assert.Equal(1, one.InFlight);
    }
}
