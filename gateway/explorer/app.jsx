// The analysts' explorer: GraphiQL from npm, bundled at build time; no CDN, no request outside
// the gateway's origin.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { examples } from './examples.js';

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const file = label === 'json' ? 'json.worker.js' : label === 'graphql' ? 'graphql.worker.js' : 'editor.worker.js';
    return new Worker(new URL(`./explorer/${file}`, window.location.origin), { type: 'module' });
  },
};

// A token saved once (localStorage 'taxgraph:token') serves every tab whose Headers hold none, or
// still hold the example's <placeholder>.
function withToken(headers) {
  const saved = window.localStorage.getItem('taxgraph:token');
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  if (!saved || (key && !headers[key].includes('<'))) return headers;
  const rest = { ...headers };
  if (key) delete rest[key];
  return { ...rest, Authorization: `Bearer ${saved}` };
}

async function fetcher(params, options) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...withToken((options && options.headers) || {}) },
    body: JSON.stringify(params),
  });
  return res.json();
}

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultTabs: examples.map((e) => ({ query: e.query, variables: e.variables, headers: e.headers })),
    // GraphiQL 5 fills the first tab's editors from these, not from defaultTabs[0].
    initialQuery: examples[0].query,
    initialVariables: examples[0].variables,
    initialHeaders: examples[0].headers,
    defaultEditorToolsVisibility: 'variables',
    shouldPersistHeaders: false,
  }),
);
