// Echoes every stdin line to stdout, flushed per line: the least an AOT stdio JSON-RPC peer can do.
string? line;
while ((line = Console.In.ReadLine()) is not null)
{
    Console.Out.WriteLine(line);
    Console.Out.Flush();
}
