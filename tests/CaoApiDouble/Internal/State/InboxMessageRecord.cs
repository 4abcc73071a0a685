namespace CaoOps.Testing.Internal.State;

/// <summary>One inbox row.</summary>
internal sealed class InboxMessageRecord
{
    public required long Id { get; init; }

    public required string SenderId { get; init; }

    public required string ReceiverId { get; init; }

    public required string Message { get; init; }

    public string Status { get; set; } = "pending";

    public required DateTime CreatedAt { get; init; }
}
