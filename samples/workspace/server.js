// A tiny web server: answers every request with a greeting and the Node.js version.
const http = require('node:http');

const flag = process.argv.indexOf('--port');
const port = Number(flag > 0 ? process.argv[flag + 1] : process.env.PORT) || 8080;

http
  .createServer((request, response) => {
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.end(`Hello from ${request.url} (Node.js ${process.version})\n`);
  })
  .listen(port, () => console.log(`listening on http://localhost:${port}`));
