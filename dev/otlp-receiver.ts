/**
 * A small OTLP/HTTP trace receiver for the tests and the benchmarks: POST /v1/traces, in either encoding the
 * exporters send (`http/protobuf`, decoded here from the wire format; `http/json`), answered 200
 * with an empty ExportTraceServiceResponse. It keeps every span, flattened with its resource's
 * service.name, or (as a benchmark's sink) only counts them.
 */
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export type AttributeValue = string | number | boolean | null | AttributeValue[];

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** 1 internal, 2 server, 3 client (OTLP's SpanKind). */
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 1 ok, 2 error. */
  status: { code: number; message?: string };
  /** The resource's service.name. */
  service: string;
  /** How the span arrived. */
  encoding: 'protobuf' | 'json';
}

// ---- protobuf wire format: just what ExportTraceServiceRequest uses ----

type Field = { no: number; wire: number; value: bigint | Buffer };

function varint(buf: Buffer, at: { pos: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[at.pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const tag = Number(varint(buf, at));
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, value: varint(buf, at) });
    else if (wire === 1) {
      out.push({ no, wire, value: buf.subarray(at.pos, at.pos + 8) });
      at.pos += 8;
    } else if (wire === 2) {
      const len = Number(varint(buf, at));
      out.push({ no, wire, value: buf.subarray(at.pos, at.pos + len) });
      at.pos += len;
    } else if (wire === 5) {
      out.push({ no, wire, value: buf.subarray(at.pos, at.pos + 4) });
      at.pos += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

const bytesOf = (f: Field[], no: number) => f.filter((x) => x.no === no).map((x) => x.value as Buffer);
const one = (f: Field[], no: number) => f.find((x) => x.no === no)?.value;
const str = (f: Field[], no: number) => (one(f, no) as Buffer | undefined)?.toString('utf8') ?? '';
const hex = (f: Field[], no: number) => (one(f, no) as Buffer | undefined)?.toString('hex') ?? '';
const num = (f: Field[], no: number) => Number((one(f, no) as bigint | undefined) ?? 0n);

function anyValue(buf: Buffer): AttributeValue {
  const f = fields(buf)[0];
  if (!f) return null;
  switch (f.no) {
    case 1:
      return (f.value as Buffer).toString('utf8');
    case 2:
      return f.value === 1n;
    case 3:
      return Number(BigInt.asIntN(64, f.value as bigint));
    case 4:
      return (f.value as Buffer).readDoubleLE(0);
    case 5:
      return bytesOf(fields(f.value as Buffer), 1).map(anyValue);
    default:
      return (f.value as Buffer).toString('hex');
  }
}

function protoAttributes(bufs: Buffer[]): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of bufs) {
    const f = fields(kv);
    const value = one(f, 2) as Buffer | undefined;
    out[str(f, 1)] = value ? anyValue(value) : null;
  }
  return out;
}

/** ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) as spans. */
export function decodeProtobuf(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of bytesOf(fields(body), 1)) {
    const rsf = fields(rs);
    const resource = one(rsf, 1) as Buffer | undefined;
    const service = String((resource ? protoAttributes(bytesOf(fields(resource), 1)) : {})['service.name'] ?? '');
    for (const ss of bytesOf(rsf, 2)) {
      for (const raw of bytesOf(fields(ss), 2)) {
        const s = fields(raw);
        const status = one(s, 15) as Buffer | undefined;
        const sf = status ? fields(status) : [];
        spans.push({
          traceId: hex(s, 1),
          spanId: hex(s, 2),
          parentSpanId: hex(s, 4),
          name: str(s, 5),
          kind: num(s, 6),
          attributes: protoAttributes(bytesOf(s, 9)),
          status: { code: num(sf, 3), message: str(sf, 2) || undefined },
          service,
          encoding: 'protobuf',
        });
      }
    }
  }
  return spans;
}

// ---- OTLP/JSON ----

interface JsonKeyValue {
  key: string;
  value?: Record<string, unknown>;
}

function jsonValue(v: Record<string, unknown> | undefined): AttributeValue {
  if (!v) return null;
  if ('stringValue' in v) return v.stringValue as string;
  if ('boolValue' in v) return v.boolValue as boolean;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(jsonValue);
  return JSON.stringify(v);
}

const jsonAttributes = (kvs: JsonKeyValue[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, jsonValue(kv.value)]));

/** OTLP/JSON ids are hex (the spec), though some senders use base64: both read as hex. */
const idOf = (id: unknown) =>
  typeof id !== 'string' || id === '' ? '' : /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');

export function decodeJson(body: Buffer): ReceivedSpan[] {
  const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: any[] };
  const spans: ReceivedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const service = String(jsonAttributes(rs.resource?.attributes)['service.name'] ?? '');
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: idOf(s.traceId),
          spanId: idOf(s.spanId),
          parentSpanId: idOf(s.parentSpanId),
          name: s.name,
          kind: Number(s.kind ?? 0),
          attributes: jsonAttributes(s.attributes),
          status: { code: Number(s.status?.code ?? 0), message: s.status?.message || undefined },
          service,
          encoding: 'json',
        });
      }
    }
  }
  return spans;
}

export interface OtlpReceiver {
  /** Its base URL, for OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** Every span received so far (none kept when started with `keep: false`). */
  spans: ReceivedSpan[];
  /** How many spans (when decoded), export requests and bytes arrived. */
  counts: { spans: number; requests: number; protobuf: number; json: number; bytes: number };
  close(): Promise<void>;
}

/**
 * Starts a receiver on a free port of 127.0.0.1. `keep: false` keeps no span; `decode: false` (a
 * benchmark's sink, which should cost the machine little) counts requests and bytes without decoding.
 */
export async function startOtlpReceiver(opts: { keep?: boolean; decode?: boolean } = {}): Promise<OtlpReceiver> {
  const keep = opts.keep ?? true;
  const decode = opts.decode ?? true;
  const receiver: Omit<OtlpReceiver, 'url' | 'close'> = { spans: [], counts: { spans: 0, requests: 0, protobuf: 0, json: 0, bytes: 0 } };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const json = String(req.headers['content-type'] ?? '').includes('json');
      receiver.counts.bytes += chunks.reduce((n, c) => n + c.length, 0);
      if (!decode) {
        receiver.counts.requests++;
        return void res
          .writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' })
          .end(json ? '{}' : undefined);
      }
      let spans: ReceivedSpan[];
      try {
        spans = json ? decodeJson(Buffer.concat(chunks)) : decodeProtobuf(Buffer.concat(chunks));
      } catch (err) {
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
      }
      receiver.counts.requests++;
      receiver.counts.spans += spans.length;
      receiver.counts[json ? 'json' : 'protobuf'] += spans.length;
      if (keep) receiver.spans.push(...spans);
      if (json) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
