import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { reasonOf } from '../shared/queue-unavailable';
import { NotifierClient } from './notifier-client';

/** Headers that describe one connection, not the message: never forwarded as they are. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/** A request as Express hands it to middleware mounted under a path. */
type MountedRequest = IncomingMessage & { readonly originalUrl?: string };

/**
 * Makes the orders service the browser's one origin for what the notifier serves: the WebSocket
 * feed (`/ws`, forwarded as raw bytes after the upgrade) and the dashboard (`/sqs`, HTTP and its
 * event stream). The Host header is passed unchanged, so the dashboard's own host and origin
 * checks see the page's origin. While the notifier is down, both answer 503 with a reason, and
 * the page's socket reconnects with backoff until it is back.
 */
@Injectable()
export class NotifierProxy implements OnApplicationShutdown {
  /** Open forwarded sockets: the HTTP server's close does not end upgraded connections. */
  private readonly tunnels = new Set<Duplex>();

  constructor(private readonly notifier: NotifierClient) {}

  /** Express middleware forwarding every request under its mount path to the notifier. */
  readonly forwardHttp = (req: MountedRequest, res: ServerResponse): void => {
    const target = new URL(this.notifier.url);
    const upstream = request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.originalUrl ?? req.url,
      headers: endToEnd(req.headers),
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy();
      else this.unavailable(res, error);
    });
    // The browser left (an event stream closed): so does the forwarded request.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };

  /** Forwards WebSocket upgrades of `path` (other paths are refused) on `server`. */
  forwardUpgrades(server: Server, path: string): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://localhost').pathname !== path) {
        socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      this.tunnel(req, socket, head);
    });
  }

  onApplicationShutdown(): void {
    for (const socket of this.tunnels) socket.destroy();
    this.tunnels.clear();
  }

  private tunnel(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = new URL(this.notifier.url);
    const upstream = request({
      host: target.hostname,
      port: target.port,
      method: 'GET',
      path: req.url,
      headers: req.headers,
    });
    socket.on('error', () => upstream.destroy());
    upstream.on('upgrade', (answer, notifierSocket, notifierHead) => {
      socket.write(statusLine(answer) + headerLines(answer.rawHeaders) + '\r\n');
      if (notifierHead.length > 0) socket.write(notifierHead);
      if (head.length > 0) notifierSocket.write(head);
      this.track(socket);
      this.track(notifierSocket);
      const closeBoth = () => {
        socket.destroy();
        notifierSocket.destroy();
      };
      socket.on('close', closeBoth);
      notifierSocket.on('close', closeBoth);
      notifierSocket.on('error', closeBoth);
      notifierSocket.pipe(socket);
      socket.pipe(notifierSocket);
    });
    upstream.on('response', (answer) => {
      // The notifier refused the upgrade: pass its answer on and close.
      socket.end(statusLine(answer) + 'connection: close\r\ncontent-length: 0\r\n\r\n');
      answer.resume();
    });
    upstream.on('error', (error) => {
      const body = unavailableBody(this.notifier.url, error);
      socket.end(
        'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json; charset=utf-8\r\n' +
          `connection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    });
    upstream.end();
  }

  private track(socket: Duplex): void {
    this.tunnels.add(socket);
    socket.on('close', () => this.tunnels.delete(socket));
  }

  private unavailable(res: ServerResponse, error: unknown): void {
    const body = unavailableBody(this.notifier.url, error);
    res.writeHead(503, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  }
}

function unavailableBody(url: string, error: unknown): string {
  return JSON.stringify({
    statusCode: 503,
    error: 'Service Unavailable',
    message: `The notifier (${url}) is not answering (${reasonOf(error)}). It may be restarting: try again in a moment.`,
  });
}

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const kept: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name)) kept[name] = value;
  }
  return kept;
}

function statusLine(answer: IncomingMessage): string {
  return `HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\n`;
}

function headerLines(raw: readonly string[]): string {
  let lines = '';
  for (let i = 0; i + 1 < raw.length; i += 2) lines += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return lines;
}
