import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Every schema coordinate (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) of a named
 * type, field, argument, input field or enum value whose description is missing, blank or only
 * repeats its own name. graphql-js' own introspection types and built-in scalars are not ours.
 */
export function undocumentedCoordinates(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, name: string, description: string | null | undefined) => {
    if (!explains(name, description)) missing.push(coordinate);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    check(type.name, type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.name, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.name, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.name, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.name, value.description);
    }
  }
  return missing.sort();
}

const words = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '' && word !== 'the' && word !== 'a' && word !== 'an');

/** A description explains when it says more than the name's own words (`id` → "The id." does not). */
function explains(name: string, description: string | null | undefined): boolean {
  if (!description?.trim()) return false;
  return words(description).join(' ') !== words(name).join(' ');
}
