import { GraphEdge, GraphNode, Topology } from './graph';

// The topology as Mermaid (renders in GitHub and GitLab pull requests) and as
// Graphviz DOT. Ids are n1, n2, ... in a stable order so a diff of two pictures
// stays small.

const MERMAID_SHAPE: { [kind in GraphNode['kind']]: [string, string] } = {
  workload: ['[', ']'],
  service: ['([', '])'],
  route: ['{{', '}}'],
  volume: ['[(', ')]'],
  external: ['>', ']'],
  note: ['[/', '/]'],
};

const DOT_SHAPE: { [kind in GraphNode['kind']]: string } = {
  workload: 'box',
  service: 'ellipse',
  route: 'hexagon',
  volume: 'cylinder',
  external: 'cds',
  note: 'note',
};

function ids(t: Topology): Map<string, string> {
  const sorted = [...t.nodes].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.id.localeCompare(b.id));
  return new Map(sorted.map((n, i) => [n.id, `n${i + 1}`]));
}

function byNamespace(t: Topology): Array<[string, GraphNode[]]> {
  const groups = new Map<string, GraphNode[]>();
  for (const n of [...t.nodes].sort((a, b) => a.id.localeCompare(b.id))) groups.set(n.namespace, [...(groups.get(n.namespace) ?? []), n]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function sortedEdges(t: Topology, id: Map<string, string>): GraphEdge[] {
  const n = (x: string) => Number(id.get(x)!.slice(1));
  return [...t.edges].sort((a, b) => n(a.from) - n(b.from) || n(a.to) - n(b.to) || a.style.localeCompare(b.style) || a.label.localeCompare(b.label));
}

/** A Mermaid flowchart: one subgraph per namespace, dashed crossed arrows for denied traffic. */
export function toMermaid(t: Topology): string {
  const id = ids(t);
  const text = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const [ns, nodes] of byNamespace(t)) {
    const indent = ns ? '    ' : '  ';
    if (ns) lines.push(`  subgraph ns_${id.get(nodes[0].id)}[${text(`namespace ${ns}`)}]`);
    for (const n of nodes) {
      const [open, close] = MERMAID_SHAPE[n.kind];
      lines.push(`${indent}${id.get(n.id)}${open}${text(n.label)}${close}`);
    }
    if (ns) lines.push('  end');
  }
  for (const e of sortedEdges(t, id)) {
    const arrow = e.style === 'denied' ? '-.-x' : e.style === 'traffic' ? '==>' : '-->';
    lines.push(`  ${id.get(e.from)} ${arrow}${e.label ? `|${text(e.label)}|` : ''} ${id.get(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT: one cluster per namespace, bold arrows for allowed traffic, dashed red for denied. */
export function toDot(t: Topology): string {
  const id = ids(t);
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph topology {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  for (const [ns, nodes] of byNamespace(t)) {
    const indent = ns ? '    ' : '  ';
    if (ns) lines.push(`  subgraph ${q(`cluster_${ns}`)} {`, `    label=${q(`namespace ${ns}`)};`);
    for (const n of nodes) lines.push(`${indent}${id.get(n.id)} [label=${q(n.label)}, shape=${DOT_SHAPE[n.kind]}];`);
    if (ns) lines.push('  }');
  }
  for (const e of sortedEdges(t, id)) {
    const attrs = [e.label ? `label=${q(e.label)}` : '', e.style === 'denied' ? 'style=dashed, color=red, arrowhead=tee' : e.style === 'traffic' ? 'style=bold, color=blue' : ''].filter(Boolean);
    lines.push(`  ${id.get(e.from)} -> ${id.get(e.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
