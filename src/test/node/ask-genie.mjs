// Drives genie-obo's MCP server with the official TypeScript SDK client, once
// per bearer token given on the command line: list tools, call ask_genie, close.
// With ASK_GENIE_PROGRESS=1 the call asks for progress (onprogress: the SDK sends a
// progressToken) and the line lists the progress messages received before the result.
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
    const progress = [];
    let answered = false;
    const options = process.env.ASK_GENIE_PROGRESS === '1'
      ? { onprogress: (p) => progress.push({ progress: p.progress, message: p.message, beforeResult: !answered }) }
      : undefined;
    const result = await client.callTool({
      name: 'ask_genie',
      arguments: { question: 'What is the total sales amount?' },
    }, undefined, options);
    answered = true;
    console.log(JSON.stringify({
      protocolVersion: transport.protocolVersion,
      tools: tools.tools.map((t) => t.name),
      description: tools.tools[0]?.description,
      isError: result.isError ?? false,
      text: result.content?.[0]?.text,
      structured: result.structuredContent,
      progress,
    }));
    await transport.terminateSession().catch(() => {});
  } finally {
    await client.close();
  }
}
