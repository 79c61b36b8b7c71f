// Drives genie-obo's MCP server with the official TypeScript SDK client, once
// per bearer token given on the command line: list tools, call ask_genie, close.
// Prints one JSON line per token; exits non-zero on any failure.
//   node ask-genie.mjs <mcp-url> <token> [<token> ...]
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, ...tokens] = process.argv.slice(2);
if (!url || tokens.length === 0) {
  console.error('usage: node ask-genie.mjs <mcp-url> <token> [<token> ...]');
  process.exit(2);
}

for (const token of tokens) {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'genie-obo-interop', version: '1.0.0' });
  try {
    await client.connect(transport);
    const tools = await client.listTools();
    const result = await client.callTool({
      name: 'ask_genie',
      arguments: { question: 'What is the total sales amount?' },
    });
    console.log(JSON.stringify({
      protocolVersion: transport.protocolVersion,
      tools: tools.tools.map((t) => t.name),
      description: tools.tools[0]?.description,
      isError: result.isError ?? false,
      text: result.content?.[0]?.text,
      structured: result.structuredContent,
    }));
    await transport.terminateSession().catch(() => {});
  } finally {
    await client.close();
  }
}
