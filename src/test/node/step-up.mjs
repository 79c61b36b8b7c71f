// The official TypeScript SDK client against genie-obo's MCP server with a token that
// lacks the policy's scope: connect, and report what the client saw of the 403 (its
// error code and what the SDK reads from WWW-Authenticate for incremental consent).
// Prints one JSON line; exits non-zero when the connection unexpectedly succeeds.
//   node step-up.mjs <mcp-url> <token>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';

const [url, token] = process.argv.slice(2);
let challenge;
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
  fetch: async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 403) {
      const { resourceMetadataUrl, scope, error } = extractWWWAuthenticateParams(response);
      challenge = { resourceMetadataUrl: resourceMetadataUrl?.href, scope, error };
    }
    return response;
  },
});
const client = new Client({ name: 'genie-obo-step-up', version: '1.0.0' });
try {
  await client.connect(transport);
  console.log(JSON.stringify({ connected: true }));
  process.exit(1);
} catch (e) {
  console.log(JSON.stringify({ connected: false, code: e.code, message: String(e.message).slice(0, 300), challenge }));
} finally {
  await client.close().catch(() => {});
}
