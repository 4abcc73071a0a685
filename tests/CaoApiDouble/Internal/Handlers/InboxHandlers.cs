using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>POST|GET /terminals/{id}/inbox/messages</c>.</summary>
internal sealed class InboxHandlers
{
    private static readonly string[] Statuses = ["pending", "delivered", "failed"];
    private readonly CaoState _state;

    public InboxHandlers(ServerContext ctx) => _state = ctx.State;

    public Task<ApiResponse> Post(ApiRequest request)
    {
        var p = new Params(request);
        var receiver = p.TerminalId("receiver_id");
        var sender = p.RequiredQuery("sender_id");
        var message = p.RequiredQuery("message");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(receiver, out var terminal))
            {
                return Task.FromResult(TerminalHandlers.NotFound(receiver));
            }

            var row = _state.AddMessageLocked(sender!, receiver, message!);
            _state.DeliverPendingLocked(terminal);
            return Task.FromResult(ApiResponse.Json(200, new JObj
            {
                { "success", true },
                { "message_id", row.Id },
                { "sender_id", row.SenderId },
                { "receiver_id", row.ReceiverId },
                { "created_at", WireText.IsoTimestamp(row.CreatedAt) },
            }));
        }
    }

    public Task<ApiResponse> List(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        var limit = p.IntQuery("limit", required: false, defaultValue: 10, le: 100);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        var status = request.QueryValue("status");
        if (!string.IsNullOrEmpty(status) && !Statuses.Contains(status))
        {
            return Task.FromResult(ApiResponse.Detail(400, $"Invalid status: {status}. Valid values: pending, delivered, failed"));
        }

        lock (_state.Gate)
        {
            IEnumerable<InboxMessageRecord> rows = _state.Messages.Where(m => m.ReceiverId == id && (string.IsNullOrEmpty(status) || m.Status == status));
            if (limit!.Value >= 0)
            {
                // SQLite LIMIT: a negative value means no limit.
                rows = rows.Take((int)System.Numerics.BigInteger.Min(limit.Value, int.MaxValue));
            }

            var list = rows.Select(m => new JObj
            {
                { "id", m.Id },
                { "sender_id", m.SenderId },
                { "receiver_id", m.ReceiverId },
                { "message", m.Message },
                { "status", m.Status },
                { "created_at", WireText.IsoTimestamp(m.CreatedAt) },
            }).ToList();
            return Task.FromResult(ApiResponse.Json(200, list));
        }
    }
}
