import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { getNullableType, GraphQLID, GraphQLString, isInputObjectType, isListType, type GraphQLFieldResolver, type GraphQLInputType } from 'graphql';
import { ValidationError, type FieldError } from '../errors.ts';
import { storableText } from './json-bounds.ts';

type Pending = { value: unknown; type: GraphQLInputType; path: string[] };

/**
 * Two rules every text argument obeys, checked once here for every field before its resolver runs
 * (so a field that declares ValidationError answers it as its typed result, at the input's path):
 * no text may hold a NUL character or a lone UTF-16 surrogate, which PostgreSQL cannot store, and
 * no ID may be empty — an empty id is a mistake, never a way to say "none" (that is null).
 */
export class InputTextRulesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    // A field without arguments has nothing to check: its resolver stays as it is.
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      const field = info.parentType.getFields()[info.fieldName];
      if (field && field.args.length > 0) {
        const problems = textProblems(field.args.map((arg) => ({ value: (args as Record<string, unknown>)[arg.name], type: arg.type, path: [arg.name] })));
        if (problems.length > 0) throw new ValidationError(problems);
      }
      return resolver(parent, args, context, info);
    };
  }
}

/** Every text that breaks a rule, at its path; iterative, over the values' own input types. */
export function textProblems(pending: Pending[]): FieldError[] {
  const problems: FieldError[] = [];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path } = next;
    const type = getNullableType(next.type);
    if (value == null) continue;
    if (type === GraphQLString || type === GraphQLID) {
      if (typeof value !== 'string') continue;
      if (type === GraphQLID && value === '') problems.push({ path, message: 'must not be empty (leave it out, or null, for none)' });
      else if (!storableText(value)) problems.push({ path, message: 'must not contain NUL characters or lone UTF-16 surrogates' });
    } else if (isListType(type) && Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, type: type.ofType, path: [...path, String(index)] }));
    } else if (isInputObjectType(type) && typeof value === 'object') {
      for (const inputField of Object.values(type.getFields())) {
        pending.push({ value: (value as Record<string, unknown>)[inputField.name], type: inputField.type, path: [...path, inputField.name] });
      }
    }
  }
  return problems.reverse();
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      inputTextRules: InputTextRulesPlugin<Types>;
    }
  }
}

/** The plugin's name, for the builder's `plugins` list. */
export const InputTextRules = 'inputTextRules';
SchemaBuilder.registerPlugin(InputTextRules, InputTextRulesPlugin);
