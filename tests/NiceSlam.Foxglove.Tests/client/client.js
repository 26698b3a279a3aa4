// A Foxglove WebSocket client built from the ecosystem's own packages (@foxglove/ws-protocol, @foxglove/rosmsg,
// @foxglove/rosmsg2-serialization), as Foxglove uses them: connects, subscribes to every advertised channel, decodes
// every message with the schema the server advertised and prints one JSON line per event on stdout:
//   {"event":"advertise","channels":[{topic, schemaName, schemaEncoding, encoding}]}
//   {"event":"subscribed","topics":[...]}            after each subscribe request
//   {"event":"message","topic":..., "schemaName":..., "timestamp":"ns", "message":{...}}
// Byte and number arrays print as {"length": n}. Exits 0 once every topic named in --until has a message, 2 on
// timeout, 1 on an error (decoding included).
// With --stall it subscribes to every channel and then never reads again (a stalled viewer, for benchmarks).
// Usage: node client.js ws://127.0.0.1:PORT --until /tf,/nice_slam/map_cloud [--timeout 15] [--stall]
"use strict";
const { FoxgloveClient } = require("@foxglove/ws-protocol");
const { parse } = require("@foxglove/rosmsg");
const { MessageReader } = require("@foxglove/rosmsg2-serialization");
const WebSocket = require("ws");

const url = process.argv[2];
const args = process.argv.slice(3);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const until = new Set(option("--until", "").split(",").filter((t) => t.length > 0));
const timeoutSeconds = Number(option("--timeout", "15"));
const stall = args.includes("--stall");

const print = (value) =>
  process.stdout.write(
    JSON.stringify(value, (_key, v) =>
      typeof v === "bigint" ? v.toString() : ArrayBuffer.isView(v) ? { length: v.length } : v,
    ) + "\n",
  );

const ws = new WebSocket(url, [FoxgloveClient.SUPPORTED_SUBPROTOCOL]);
const client = new FoxgloveClient({ ws });
const subscriptions = new Map(); // subscription id -> { topic, schemaName, reader }
const seen = new Set();

const finish = (code) => {
  client.close();
  process.exitCode = code;
  setTimeout(() => process.exit(code), 100);
};
setTimeout(() => {
  print({ event: "timeout", missing: [...until].filter((t) => !seen.has(t)) });
  finish(2);
}, timeoutSeconds * 1000);

client.on("error", (error) => {
  print({ event: "error", error: String(error) });
  finish(1);
});
client.on("serverInfo", (info) => print({ event: "serverInfo", info }));
client.on("status", (status) => print({ event: "status", status }));
client.on("advertiseServices", (services) =>
  print({ event: "advertiseServices", services: services.map((s) => ({ name: s.name, type: s.type })) }),
);
client.on("advertise", (channels) => {
  print({
    event: "advertise",
    channels: channels.map((c) => ({ topic: c.topic, schemaName: c.schemaName, schemaEncoding: c.schemaEncoding, encoding: c.encoding })),
  });
  for (const channel of channels) {
    if (channel.encoding !== "cdr" || channel.schemaEncoding !== "ros2msg") {
      print({ event: "error", error: `unexpected encoding on ${channel.topic}: ${channel.encoding}/${channel.schemaEncoding}` });
      finish(1);
      return;
    }
    const reader = new MessageReader(parse(channel.schema, { ros2: true }));
    const id = client.subscribe(channel.id);
    subscriptions.set(id, { topic: channel.topic, schemaName: channel.schemaName, reader });
  }
  print({ event: "subscribed", topics: channels.map((c) => c.topic) });
  if (stall) setTimeout(() => ws.pause(), 200); // let the subscribe requests go out, then read nothing more
});
client.on("message", ({ subscriptionId, timestamp, data }) => {
  const subscription = subscriptions.get(subscriptionId);
  if (subscription === undefined) {
    print({ event: "error", error: `message for unknown subscription ${subscriptionId}` });
    finish(1);
    return;
  }
  let message;
  try {
    message = subscription.reader.readMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  } catch (error) {
    print({ event: "error", error: `cannot decode ${subscription.topic}: ${error}` });
    finish(1);
    return;
  }
  print({ event: "message", topic: subscription.topic, schemaName: subscription.schemaName, timestamp, message });
  seen.add(subscription.topic);
  if (until.size > 0 && [...until].every((t) => seen.has(t))) finish(0);
});
