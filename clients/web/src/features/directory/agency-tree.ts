import type { Agency } from '@yizhan/protocol';

export interface AgencyNode {
  agency: Agency;
  children: AgencyNode[];
}

export interface AgencyForest {
  roots: AgencyNode[];
  byCode: Map<string, AgencyNode>;
}

function compareAgencies(a: AgencyNode, b: AgencyNode): number {
  return a.agency.sortOrder - b.agency.sortOrder || a.agency.name.localeCompare(b.agency.name, 'zh-CN');
}

/**
 * The flat directory list → a tree, siblings by sortOrder. An agency whose parent is missing (or that
 * would close a cycle) becomes a root rather than disappearing.
 */
export function buildAgencyTree(agencies: readonly Agency[]): AgencyForest {
  const byCode = new Map<string, AgencyNode>();
  for (const agency of agencies) byCode.set(agency.code, { agency, children: [] });

  const roots: AgencyNode[] = [];
  for (const node of byCode.values()) {
    const parent = node.agency.parentCode ? byCode.get(node.agency.parentCode) : undefined;
    if (parent && parent !== node && !isAncestor(node, node.agency.parentCode!, byCode)) parent.children.push(node);
    else roots.push(node);
  }
  const sortDeep = (nodes: AgencyNode[]) => {
    nodes.sort(compareAgencies);
    for (const n of nodes) sortDeep(n.children);
  };
  sortDeep(roots);
  return { roots, byCode };
}

/** Would hanging `node` under `parentCode` make a loop? (walks up the parent codes of the raw list) */
function isAncestor(node: AgencyNode, parentCode: string, byCode: Map<string, AgencyNode>): boolean {
  const seen = new Set<string>();
  let code: string | null = parentCode;
  while (code && !seen.has(code)) {
    if (code === node.agency.code) return true;
    seen.add(code);
    code = byCode.get(code)?.agency.parentCode ?? null;
  }
  return false;
}

/** Codes from the root down to (not including) `code`. */
export function ancestorCodes(forest: AgencyForest, code: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>([code]);
  let parent = forest.byCode.get(code)?.agency.parentCode ?? null;
  while (parent && forest.byCode.has(parent) && !seen.has(parent)) {
    chain.unshift(parent);
    seen.add(parent);
    parent = forest.byCode.get(parent)!.agency.parentCode;
  }
  return chain;
}

export function matchesAgency(agency: Agency, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [agency.name, agency.shortName, agency.code, agency.docPrefix].some((s) => s.toLowerCase().includes(q));
}

/**
 * The tree cut down to the agencies matching `query` and their ancestors (so the match is shown in
 * place), with the codes to expand. A matching agency keeps all of its children.
 */
export function filterAgencyTree(roots: readonly AgencyNode[], query: string): { roots: AgencyNode[]; expand: string[]; matches: number } {
  if (!query.trim()) return { roots: [...roots], expand: [], matches: 0 };
  const expand: string[] = [];
  let matches = 0;
  const walk = (nodes: readonly AgencyNode[]): AgencyNode[] =>
    nodes.flatMap((node) => {
      if (matchesAgency(node.agency, query)) {
        matches += 1;
        // Count matches further down too, but keep the whole subtree.
        walk(node.children);
        return [node];
      }
      const kept = walk(node.children);
      if (kept.length === 0) return [];
      expand.push(node.agency.code);
      return [{ agency: node.agency, children: kept }];
    });
  return { roots: walk(roots), expand, matches };
}
