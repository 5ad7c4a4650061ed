using System.Data.Common;
using CostWatch.Core.Alerting.Silences;
using CostWatch.Core.Rollups;
using CostWatch.Storage.Alerting;

namespace CostWatch.Storage;

/// <summary>
/// Silences in <c>alert_silences</c>, in SQL both dialects accept: ids as text (<see cref="Guid"/> "D" form), times
/// as Unix microseconds, matchers as JSON (<see cref="SilenceMatchersJson"/>). Rows are never deleted: a silence is
/// expired by moving its end, so what was silenced when stays answerable.
/// </summary>
internal abstract partial class SqlTelemetryStore : ISilenceStore
{
    private const string SilenceColumns =
        "id, matchers, starts_at, ends_at, created_by, comment, created_at, updated_at";

    public async Task CreateAsync(Silence silence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"INSERT INTO alert_silences ({SilenceColumns}) " +
            "VALUES (@id, @matchers, @startsAt, @endsAt, @createdBy, @comment, @createdAt, @updatedAt)");
        Add(command, "id", SilenceId(silence.Id));
        Add(command, "matchers", SilenceMatchersJson.Write(silence.Matchers));
        Add(command, "startsAt", UnixTime.Microseconds(silence.StartsAt));
        Add(command, "endsAt", UnixTime.Microseconds(silence.EndsAt));
        Add(command, "createdBy", silence.CreatedBy);
        Add(command, "comment", silence.Comment);
        Add(command, "createdAt", UnixTime.Microseconds(silence.CreatedAt));
        Add(command, "updatedAt", UnixTime.Microseconds(silence.UpdatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Silence>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {SilenceColumns} FROM alert_silences ORDER BY created_at DESC, id");
        return await ReadSilencesAsync(command, cancellationToken);
    }

    public async Task<Silence?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {SilenceColumns} FROM alert_silences WHERE id = @id");
        Add(command, "id", SilenceId(id));
        return (await ReadSilencesAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<bool> ExpireAsync(Guid id, DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var expire = Command(connection, null,
                         "UPDATE alert_silences SET starts_at = CASE WHEN starts_at > @now THEN @now ELSE starts_at END, " +
                         "ends_at = @now, updated_at = @now WHERE id = @id AND ends_at > @now"))
        {
            Add(expire, "id", SilenceId(id));
            Add(expire, "now", UnixTime.Microseconds(now));
            if (await expire.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                return true;
            }
        }

        // Ended already, or unknown: rows are never deleted, so an id once seen still answers here.
        await using var exists = Command(connection, null, "SELECT COUNT(*) FROM alert_silences WHERE id = @id");
        Add(exists, "id", SilenceId(id));
        return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    public async Task<IReadOnlyList<Silence>> ListActiveAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null,
            $"SELECT {SilenceColumns} FROM alert_silences WHERE starts_at <= @now AND ends_at > @now " +
            "ORDER BY created_at DESC, id");
        Add(command, "now", UnixTime.Microseconds(now));
        return await ReadSilencesAsync(command, cancellationToken);
    }

    private static string SilenceId(Guid id) => id.ToString("D");

    private static async Task<IReadOnlyList<Silence>> ReadSilencesAsync(DbCommand command,
        CancellationToken cancellationToken)
    {
        var silences = new List<Silence>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            silences.Add(new Silence(
                Guid.Parse(reader.GetString(0)),
                SilenceMatchersJson.Read(reader.GetString(1)),
                UnixTime.FromMicroseconds(reader.GetInt64(2)),
                UnixTime.FromMicroseconds(reader.GetInt64(3)),
                reader.GetString(4),
                reader.GetString(5),
                UnixTime.FromMicroseconds(reader.GetInt64(6)),
                UnixTime.FromMicroseconds(reader.GetInt64(7))));
        }

        return silences;
    }
}
