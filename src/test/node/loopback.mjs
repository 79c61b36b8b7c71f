// Preloaded with `node --import ./loopback.mjs ...` in tests: a server that calls
// listen(port) without a host would listen on every interface; this makes it
// listen on 127.0.0.1 only, so test peers are never reachable from outside.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if ((typeof args[0] === 'number' || typeof args[0] === 'string') && typeof args[1] !== 'string') {
    return listen.call(this, args[0], process.env.HOST || '127.0.0.1', ...args.slice(1));
  }
  return listen.apply(this, args);
};
