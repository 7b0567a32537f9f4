using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SoData.Client;

namespace SoData
{
    /// <summary>
    /// The corporate accounts a session can see, read once and kept a few minutes: it turns -CorporateAccount
    /// names into uuids and feeds tab completion without a request per keystroke.
    /// </summary>
    internal sealed class CorporateAccountDirectory
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
        private readonly SoDataClient _client;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private IReadOnlyList<CorporateAccount>? _accounts;
        private DateTimeOffset _readAt;

        public CorporateAccountDirectory(SoDataClient client) => _client = client;

        /// <summary>The cached list, if one was read recently; never makes a request.</summary>
        public IReadOnlyList<CorporateAccount>? Cached => _accounts != null && DateTimeOffset.UtcNow - _readAt < Lifetime ? _accounts : null;

        public async Task<IReadOnlyList<CorporateAccount>> GetAllAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<CorporateAccount>? cached = Cached;
            if (cached != null) return cached;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                cached = Cached;
                if (cached != null) return cached;
                var reader = new PagedReader<CorporateAccount>(_client.ListCorporateAccountsAsync, 100);
                List<CorporateAccount> all = await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);
                // A list with a uuid that cannot be a route segment is never kept: the next command reads it again.
                if (all.All(a => UuidProblem(a) == null))
                {
                    _accounts = all;
                    _readAt = DateTimeOffset.UtcNow;
                }
                return all;
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>
        /// Why the server's <paramref name="account"/> cannot be worked in (its uuid is '..', holds a '/'...: it would take
        /// requests and the token off the account's routes), naming the object and the field; null when it can.
        /// </summary>
        public static string? UuidProblem(CorporateAccount account) =>
            Net.PathSegment.Problem(account.Uuid) is { } problem
                ? $"The corporate account '{Net.BodyText.Excerpt(account.Name ?? "(no name)")}' sent by the server (GET {Routes.CorporateAccounts}) has the Uuid " +
                  $"'{Net.BodyText.Excerpt(account.Uuid ?? string.Empty)}', which cannot be part of a route: {problem}. Nothing was sent to it."
                : null;

        /// <summary>Finds an account by uuid or by exact name (case-insensitive); null when none matches.</summary>
        public static CorporateAccount? Find(IEnumerable<CorporateAccount> accounts, string nameOrUuid) =>
            accounts.FirstOrDefault(a => string.Equals(a.Uuid, nameOrUuid, StringComparison.OrdinalIgnoreCase))
            ?? accounts.FirstOrDefault(a => string.Equals(a.Name, nameOrUuid, StringComparison.OrdinalIgnoreCase));
    }
}
