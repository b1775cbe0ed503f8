import SchemaBuilder from '@pothos/core';
import { parse, type GraphQLResolveInfo } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { describe, expect, it } from 'vitest';
import { internPathsFor, StableResponsePaths } from './stable-response-paths.ts';

type Path = GraphQLResolveInfo['path'];
interface Tree {
  n: number;
}

/** A schema whose object fields record the path each call was given, by response path. */
function recordingSchema(seen: Map<string, Path[]>) {
  const record = (info: GraphQLResolveInfo) => {
    const key = responseKey(info.path);
    seen.set(key, [...(seen.get(key) ?? []), info.path]);
  };
  // The other plugins' options are declared required globally; this builder loads this plugin alone.
  const builder = new SchemaBuilder<{ Context: object }>({ plugins: [StableResponsePaths] } as never);
  // Only a path that can lead to a type plugin-prisma backs is interned: Tree stands for one.
  const TreeRef = builder.objectRef<Tree>('Tree');
  const NoteRef = builder.objectRef<{ text: string }>('Note');
  NoteRef.implement({
    fields: (t) => ({
      text: t.exposeString('text'),
      seeAlso: t.field({
        type: NoteRef,
        nullable: true,
        resolve: (note, _args, _context, info) => {
          record(info);
          return note.text.length < 3 ? { text: `${note.text}+` } : null;
        },
      }),
    }),
  });
  TreeRef.implement({
    extensions: { pothosPrismaModel: 'Tree' },
    fields: (t) => ({
      n: t.exposeInt('n'),
      note: t.field({
        type: NoteRef,
        resolve: (tree, _args, _context, info) => {
          record(info);
          return { text: String(tree.n) };
        },
      }),
      children: t.field({
        type: [TreeRef],
        resolve: (tree, _args, _context, info) => {
          record(info);
          return [{ n: tree.n * 10 + 1 }, { n: tree.n * 10 + 2 }];
        },
      }),
    }),
  });
  builder.queryType({
    fields: (t) => ({
      root: t.field({
        type: TreeRef,
        resolve: (_root, _args, _context, info) => {
          record(info);
          return { n: 1 };
        },
      }),
    }),
  });
  return builder.toSchema();
}

function responseKey(path: Path | undefined): string {
  return path ? `${responseKey(path.prev)}/${path.key}` : '';
}

async function runCompiled(internPaths: boolean) {
  const seen = new Map<string, Path[]>();
  const compiled = compileQuery(recordingSchema(seen), parse('{ root { children { children { n } note { seeAlso { seeAlso { text } } } } } }'));
  if (!isCompiledQuery(compiled)) throw new Error(JSON.stringify(compiled));
  const context = {};
  const paths = internPaths ? internPathsFor(context) : null;
  const result = await compiled.query(undefined, context, {});
  paths?.release();
  expect(result.errors).toBeUndefined();
  return seen;
}

describe('response paths under the compiled executor', () => {
  it('are one object per response path, linked to the very objects their ancestors resolved with', async () => {
    const seen = await runCompiled(true);
    const [root] = seen.get('/root')!;
    const [children] = seen.get('/root/children')!;
    expect(children!.prev).toBe(root);
    for (const index of [0, 1]) {
      const [grandchildren] = seen.get(`/root/children/${index}/children`)!;
      expect(grandchildren!.prev!.key).toBe(index);
      expect(grandchildren!.prev!.prev).toBe(children);
    }
    // Siblings keep paths of their own.
    expect(seen.get('/root/children/0/children')![0]!.prev).not.toBe(seen.get('/root/children/1/children')![0]!.prev);
  });

  it('are left as the executor gives them beneath a field that can never lead to a Prisma type', async () => {
    const seen = await runCompiled(true);
    const [children] = seen.get('/root/children')!;
    const [note] = seen.get('/root/children/0/note')!;
    const [seeAlso] = seen.get('/root/children/0/note/seeAlso')!;
    expect(note!.prev!.prev).not.toBe(children);
    expect(note!.prev!.prev!.key).toBe('children');
    expect(seeAlso!.prev).not.toBe(note);
    expect(seeAlso!.prev!.key).toBe('note');
  });

  it('are fresh objects for every call when the execution did not ask for interning (what graphql-jit gives)', async () => {
    const seen = await runCompiled(false);
    const [root] = seen.get('/root')!;
    const [children] = seen.get('/root/children')!;
    expect(children!.prev).not.toBe(root);
    expect(children!.prev!.key).toBe('root');
  });
});
