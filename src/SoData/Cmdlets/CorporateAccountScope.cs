using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace SoData.Cmdlets
{
    /// <summary>
    /// The two parameters of a cmdlet that works inside one corporate account per input. Each such cmdlet declares
    /// them itself (same names, types and attributes everywhere; see <see cref="CorporateAccountScope"/>):
    /// <c>[Parameter(ValueFromPipelineByPropertyName = true)] [Uuid] string? CorporateAccountUuid</c> and
    /// <c>[Parameter] [NotEmpty] [ArgumentCompleter(typeof(CorporateAccountCompleter))] string? CorporateAccount</c>.
    /// </summary>
    internal interface ICorporateAccountParameters
    {
        string? CorporateAccountUuid { get; }

        string? CorporateAccount { get; }
    }

    /// <summary>
    /// The corporate account of each input, a helper the cmdlet owns: the account comes from a piped object
    /// (CorporateAccountUuid by property name), from -CorporateAccount (a name or a uuid, with tab completion), or, when
    /// the session can see only one account, from the session itself. It also streams the listings of the account
    /// (<see cref="WriteListing"/>) or of a device (<see cref="EnqueueDeviceListing"/>). The one place an account is
    /// resolved (the completers use <see cref="Choose"/>, the same rule, on the accounts they have within their budget).
    /// </summary>
    internal sealed class CorporateAccountScope
    {
        private readonly Cmdlet _cmdlet;
        private readonly AsyncRunner _async;
        private readonly Func<SoDataSession> _session;
        private readonly PipedInput _input;
        private readonly ICorporateAccountParameters _parameters;

        /// <param name="cmdlet">Where objects and errors are written.</param>
        /// <param name="async">Reads the accounts on the thread pool and waits on the pipeline thread.</param>
        /// <param name="session">The command's session, read when an account is first needed (a cmdlet takes its session in BeginProcessing, after it built its helpers).</param>
        /// <param name="input">The piped rows, for errors that name the row and the command.</param>
        /// <param name="parameters">The command's -CorporateAccountUuid and -CorporateAccount.</param>
        internal CorporateAccountScope(Cmdlet cmdlet, AsyncRunner async, Func<SoDataSession> session, PipedInput input, ICorporateAccountParameters parameters)
        {
            _cmdlet = cmdlet;
            _async = async;
            _session = session;
            _input = input;
            _parameters = parameters;
        }

        /// <summary>
        /// The rule, without a session: the account named by <paramref name="nameOrUuid"/> (uuid or exact name, any
        /// case); with no name given, the only account there is. Null when the name matches none, or there are several
        /// accounts and none was named.
        /// </summary>
        internal static CorporateAccount? Choose(IReadOnlyList<CorporateAccount> accounts, string? nameOrUuid) =>
            !string.IsNullOrEmpty(nameOrUuid) ? CorporateAccountDirectory.Find(accounts, nameOrUuid!)
            : accounts.Count == 1 ? accounts[0] : null;

        /// <summary>
        /// The uuid of the corporate account to work in: <paramref name="uuid"/> when known (a piped object, or
        /// -CorporateAccountUuid), else -CorporateAccount (a name or uuid), else the session's only account. Writes an
        /// error naming the parameter and the visible accounts, and returns null, when there is none.
        /// </summary>
        private string? ResolveAccount(string? uuid, string howToGiveOne, object? target)
        {
            if (!string.IsNullOrEmpty(uuid)) return uuid;
            SoDataSession session = _session();
            IReadOnlyList<CorporateAccount> accounts = _async.Await(token => session.CorporateAccounts.GetAllAsync(token));
            string visible = accounts.Count == 0 ? "none" : string.Join(", ", accounts.Select(a => a.Name));
            string? nameOrUuid = _parameters.CorporateAccount;
            CorporateAccount? chosen = Choose(accounts, nameOrUuid);
            if (chosen?.Uuid != null) return UsableUuid(chosen, string.IsNullOrEmpty(nameOrUuid) ? target : nameOrUuid);
            if (!string.IsNullOrEmpty(nameOrUuid))
            {
                _cmdlet.WriteError(_input.WithRow(ErrorRecords.NotFound("CorporateAccountNotFound",
                    $"-CorporateAccount '{nameOrUuid}' matches no corporate account visible to {session.UserName ?? "this session"}. Visible: {visible}.", nameOrUuid)));
                return null;
            }
            _cmdlet.WriteError(_input.WithRow(ErrorRecords.InvalidArgument("CorporateAccountRequired",
                $"{_input.CommandName} needs a corporate account{(target == null ? string.Empty : $" for '{target}'")}: {howToGiveOne}, or give -CorporateAccount (name or uuid) or -CorporateAccountUuid (a CorporateAccountUuid column). Visible: {visible}.", target)));
            return null;
        }

        /// <summary>The account's uuid, or null after an InvalidData error when the server sent one that cannot be a route segment.</summary>
        private string? UsableUuid(CorporateAccount account, object? target)
        {
            if (CorporateAccountDirectory.UuidProblem(account) is not { } problem) return account.Uuid;
            _cmdlet.WriteError(_input.WithRow(new ErrorRecord(new System.IO.InvalidDataException(problem), "InvalidCorporateAccountUuid", ErrorCategory.InvalidData, target)));
            return null;
        }

        /// <summary>"corporate account 'SoLink'": the account's name when the session knows it (read once, cached), else its uuid.</summary>
        internal string Describe(string uuid)
        {
            SoDataSession session = _session();
            IReadOnlyList<CorporateAccount> accounts = session.CorporateAccounts.Cached ?? _async.Await(token => session.CorporateAccounts.GetAllAsync(token));
            string? name = accounts.FirstOrDefault(a => string.Equals(a.Uuid, uuid, StringComparison.OrdinalIgnoreCase))?.Name;
            return "corporate account " + (name == null ? uuid : $"'{name}'");
        }

        /// <summary>
        /// The uuid of the corporate account for the current input of a listing (<paramref name="fromObject"/>, the piped
        /// object's own, first), or null after writing an error.
        /// </summary>
        internal string? Resolve(string? fromObject = null) =>
            ResolveAccount(fromObject ?? _parameters.CorporateAccountUuid, $"pipe one in (Get-SoDataCorporateAccount -Name X | {_input.CommandName})", null);

        /// <summary>The uuid of the corporate account of a measured object (<paramref name="fromObject"/> first), or null after writing an error.</summary>
        internal string? Resolve(string? fromObject, object? target) =>
            ResolveAccount(fromObject ?? _parameters.CorporateAccountUuid, "pipe objects from Get-SoDataDevice or Get-SoDataVariable", target);

        /// <summary>
        /// Streams one listing of the current input's corporate account, stamping each object with the account when
        /// the API left it out; <paramref name="stamp"/> adds what else the caller knows. <paramref name="filter"/>
        /// remembers what matched and where it looked, for the not-found errors written at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's uuid (a typed call of <see cref="Client.ApiCalls"/>).</param>
        /// <param name="place">Where the listing looks, from the account's uuid ("corporate account 'SoLink'" by default).</param>
        internal void WriteListing<T>(ListingWriter listing, object? target, Func<string, long, int, CancellationToken, Task<Page<T>>> list,
            ListingFilter<T> filter, Action<T>? stamp = null, Func<string, (string Key, Func<string> Describe)>? place = null) where T : HierarchyObject
        {
            _cmdlet.ForInput(target, () =>
            {
                string? ca = Resolve();
                if (ca == null) return;
                listing.Write(
                    (skip, take, token) => list(ca, skip, take, token),
                    filter.Keep,
                    item =>
                    {
                        item.CorporateAccountUuid ??= ca;
                        stamp?.Invoke(item);
                        _cmdlet.WriteObject(item);
                    });
                (string key, Func<string> describe) = place?.Invoke(ca) ?? (ca, () => Describe(ca));
                filter.LookedIn(key, describe);
            });
        }

        /// <summary>
        /// Lists what a device holds for the current input's <paramref name="device"/> (several devices at once, output in
        /// input order), stamping each object with its corporate account and device. <paramref name="filter"/> remembers
        /// what matched and on which devices, for <see cref="WriteUnmatchedOnDevices"/> at the end.
        /// </summary>
        /// <param name="list">Reads one page of the listing, from the corporate account's and the device's uuids (a typed call of <see cref="Client.ApiCalls"/>).</param>
        /// <param name="require">A condition of this input only (e.g. its piped item), checked before the filter.</param>
        internal void EnqueueDeviceListing<T>(ListingWriter listing, string? device, string? deviceName,
            Func<string, string, long, int, CancellationToken, Task<Page<T>>> list, ListingFilter<T> filter, Func<T, bool>? require = null) where T : ApiObject, IDeviceObject
        {
            if (string.IsNullOrEmpty(device))
            {
                _cmdlet.WriteError(_input.MissingValue("DeviceUuid", $"pipe devices in (Get-SoDataDevice -CorporateAccount SoLink | {_input.CommandName}), or give -DeviceUuid"));
                return;
            }
            _cmdlet.ForInput(device, () =>
            {
                string? ca = Resolve();
                if (ca == null) return;
                listing.Enqueue(
                    device,
                    (skip, take, token) => list(ca, device!, skip, take, token),
                    Both(require, filter.Keep),
                    item =>
                    {
                        item.CorporateAccountUuid = ca;
                        item.DeviceUuid ??= device;
                        item.DeviceName ??= deviceName;
                        _cmdlet.WriteObject(item);
                    },
                    () => filter.LookedIn(device!, () => DeviceNames.Name(device!, deviceName)));
            });
        }

        private static Func<T, bool>? Both<T>(Func<T, bool>? first, Func<T, bool>? second) =>
            first == null ? second : second == null ? first : item => first(item) && second(item);

        /// <summary>The not-found errors of <paramref name="filter"/>, naming the devices read: "No variable with -StreamRef 'X' on device 'Y' (uuid)."</summary>
        internal void WriteUnmatchedOnDevices<T>(ListingFilter<T>? filter, string what, bool complete) =>
            filter?.WriteUnmatched(_cmdlet, typeof(T).Name + "NotFound", what, () => filter.DescribePlaces("on", "device", "devices"), complete);
    }
}
