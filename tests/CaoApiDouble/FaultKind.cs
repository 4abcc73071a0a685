namespace CaoOps.Testing;

/// <summary>What a <see cref="FaultRule"/> does instead of the normal handler.</summary>
public enum FaultKind
{
    /// <summary>Answer <see cref="FaultRule.StatusCode"/> with <see cref="FaultRule.Body"/>.</summary>
    Status,

    /// <summary>Never answer, until the client gives up or the double is disposed.</summary>
    Hang,

    /// <summary>Wait <see cref="FaultRule.Delay"/>, then run the normal handler.</summary>
    Delay,

    /// <summary>200 application/json with a truncated JSON body.</summary>
    InvalidJson,

    /// <summary>200 application/json with a valid-looking JSON string of <see cref="FaultRule.Size"/> bytes.</summary>
    HugeBody,

    /// <summary>Run the normal handler, then send its body in small chunks with <see cref="FaultRule.Delay"/> between them.</summary>
    Trickle,

    /// <summary>Abort the connection without an answer.</summary>
    CloseConnection,
}
