// A recording HTTP forwarder on 127.0.0.1 between cao-ops and the API double: it shows which requests the binary
// makes and when (e.g. that a cancelled wait stops polling). Loopback only; bodies are passed through untouched.
import http from 'node:http';

export async function startSpy(target) {
  const upstream = new URL(target);
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ at: Date.now(), method: req.method, path: req.url.split('?')[0] });
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, timeout: 30_000 },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('timeout', () => forward.destroy(new Error('upstream timeout')));
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
