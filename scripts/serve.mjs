// A tiny static server for the playground: serves the repository's page (index.html, web/,
// web/pkg/, examples/) on 127.0.0.1 with the right MIME types. No dependencies.
//
//   node scripts/serve.mjs [--port 8080]      (or PORT=8080)
//
// Also imported by scripts/bench-page.mjs: `startServer({ port })` resolves to { server, url }.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

// Never served: dot folders (.git), build and dependency folders.
const HIDDEN = new Set(['target', 'node_modules', 'test-results', 'playwright-report']);

function resolvePath(urlPath) {
  const decoded = decodeURIComponent(urlPath.split('?')[0]);
  const rel = normalize(decoded).replace(/^([/\\])+/, '');
  const parts = rel.split(sep).filter(Boolean);
  if (parts.some((p) => p === '..' || p.startsWith('.')) || HIDDEN.has(parts[0])) return null;
  return join(ROOT, ...parts);
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  let path = resolvePath(new URL(req.url, 'http://x').pathname);
  if (path === null) {
    res.writeHead(404).end('not found');
    return;
  }
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const body = await readFile(path);
    res.writeHead(200, {
      'content-type': MIME[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}

/** Starts the server on 127.0.0.1:`port` (0 picks a free port). */
export function startServer({ port = 8080 } = {}) {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      handle(req, res).catch((e) => {
        res.writeHead(500).end(String(e));
      });
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ server, url: `http://127.0.0.1:${bound}/` });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`invalid port: ${i > 0 ? process.argv[i + 1] : process.env.PORT}`);
    process.exit(2);
  }
  try {
    const { url } = await startServer({ port });
    console.log(`windowpane playground: ${url}  (Ctrl-C to stop)`);
  } catch (e) {
    console.error(`cannot listen on 127.0.0.1:${port}: ${e.message} (try PORT=another npm start)`);
    process.exit(1);
  }
}
