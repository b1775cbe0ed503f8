import { isCompositeType } from 'graphql';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { buildSchema } from '../src/schema/build.ts';
const config = loadConfig({ ...process.env, NODE_ENV: 'development' });
const plugins = await discoverPlugins({ pluginsDir: config.pluginsDir, enabledPlugins: undefined });
const schema = buildSchema(plugins, { maxPageSize: config.limits.maxPageSize });
const prisma = Object.values(schema.getTypeMap()).filter((t) => isCompositeType(t) && (t as any).extensions?.pothosPrismaModel).map((t) => t.name);
console.log('prisma types', prisma.length, prisma.join(' '));
import { getNamedType, isObjectType, isInterfaceType } from 'graphql';
// mirror of the plugin's closure, for a listing
const reach = new Set(prisma);
for (let grew = true; grew;) { grew = false; for (const t of Object.values(schema.getTypeMap())) { if (!isCompositeType(t) || t.name.startsWith('__') || reach.has(t.name)) continue; const next = 'getTypes' in t ? (t as any).getTypes() : [...Object.values((t as any).getFields()).map((f: any) => getNamedType(f.type)), ...(isInterfaceType(t) ? schema.getPossibleTypes(t) : [])]; if (next.some((x: any) => reach.has(x.name))) { reach.add(t.name); grew = true; } } }
console.log('not leading to prisma:', Object.values(schema.getTypeMap()).filter((t) => isCompositeType(t) && !t.name.startsWith('__') && !reach.has(t.name)).map((t) => t.name).join(' '));
