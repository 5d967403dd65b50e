/**
 * Exported Terraform read back the way Terraform reads it: parsed by HashiCorp's HCL parser
 * (@cdktf/hcl2json, the Go parser compiled to WebAssembly) into JSON, then flattened into
 * resources. Blocks come back as lists of objects; references as `${…}` strings.
 */
import { parse } from '@cdktf/hcl2json';

export type Hcl = Record<string, unknown>;

export interface Resource {
  type: string;
  name: string;
  body: Hcl;
}

export async function parseHcl(content: string): Promise<Hcl> {
  return (await parse('main.tf', content)) as Hcl;
}

/** Every resource in file order of its type, then name. */
export function resources(doc: Hcl): Resource[] {
  const out: Resource[] = [];
  for (const [type, byName] of Object.entries((doc.resource ?? {}) as Hcl)) {
    for (const [name, bodies] of Object.entries(byName as Hcl)) {
      for (const body of bodies as Hcl[]) out.push({ type, name, body });
    }
  }
  return out;
}

export function ofType(doc: Hcl, type: string): Resource[] {
  return resources(doc).filter((r) => r.type === type);
}

/** A nested block list (`egress`, `allow`, `match`…), empty when absent. */
export function blocks(body: Hcl, key: string): Hcl[] {
  const v = body[key];
  return Array.isArray(v) ? (v as Hcl[]) : [];
}

/** The only block `key` of `body` (Terraform single-nested blocks come back as lists of one). */
export function single(body: Hcl, key: string): Hcl {
  const list = blocks(body, key);
  if (list.length !== 1) throw new Error(`expected one ${key} block, found ${list.length}`);
  return list[0]!;
}

export function strings(v: unknown): string[] {
  return Array.isArray(v) ? (v as unknown[]).map(String) : [];
}
