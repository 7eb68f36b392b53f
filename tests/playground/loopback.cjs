// Preloaded into the Agents Playground (node --require): a server it starts without naming a
// host listens on 127.0.0.1 only, not on every interface. The Playground has no option for it.
"use strict";
const net = require("net");

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const first = args[0];
  if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    if (typeof args[1] !== "string") args.splice(1, 0, "127.0.0.1");
  } else if (first && typeof first === "object" && first.path === undefined && first.host === undefined) {
    args[0] = { ...first, host: "127.0.0.1" };
  } else if (first === undefined || typeof first === "function") {
    args.unshift(0, "127.0.0.1");
  }
  return listen.apply(this, args);
};
