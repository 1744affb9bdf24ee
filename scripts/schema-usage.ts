import {
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  TypeInfo,
  getNamedType,
  isEnumType,
  isInputObjectType,
  parse,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';

/** An operation the check protects: a persisted operation of gateway/operations/manifest.json. */
export interface ProtectedOperation {
  name: string;
  body: string;
}

/** What the operations use, as @graphql-inspector's change paths name it: `Type`, `Type.field`, `Type.field.argument`, `Input.field`, `Enum.VALUE`. */
export interface OperationUsage {
  /** Coordinate -> the names of the operations that use it. */
  usedBy: Map<string, Set<string>>;
  /** Operations that do not validate against the schema they were read with, with graphql's reason. */
  invalid: { name: string; reason: string }[];
}

/**
 * The schema coordinates each operation reaches, walked with graphql's TypeInfo over `schema` (the
 * schema that serves the operations today, i.e. the OLD one): the fields it selects and the types
 * they return, the arguments it passes, the input fields and enum values its literals name, every
 * input field and enum value its variables' types can carry (a client may send any of them), and
 * every value of an enum it reads (a client's code switches on them; losing one changes what it gets).
 */
export function operationUsage(schema: GraphQLSchema, operations: readonly ProtectedOperation[]): OperationUsage {
  const usedBy = new Map<string, Set<string>>();
  const invalid: { name: string; reason: string }[] = [];
  for (const operation of operations) {
    let document;
    try {
      document = parse(operation.body);
    } catch (err) {
      invalid.push({ name: operation.name, reason: (err as Error).message });
      continue;
    }
    const errors = validate(schema, document);
    if (errors.length) invalid.push({ name: operation.name, reason: errors.map((e) => e.message).join('; ') });
    const use = (coordinate: string) => {
      const names = usedBy.get(coordinate) ?? new Set<string>();
      names.add(operation.name);
      usedBy.set(coordinate, names);
    };
    // Every value of an enum counts where the operation may receive or send any of them (a selection, a variable);
    // a literal argument names its own value (EnumValue below).
    const useType = (type: GraphQLNamedType | undefined | null, everyValue = true) => {
      if (!type || type.name.startsWith('__')) return;
      use(type.name);
      if (everyValue && isEnumType(type)) for (const value of type.getValues()) use(`${type.name}.${value.name}`);
    };
    const seenInputs = new Set<string>();
    const useInputType = (type: GraphQLInputType | undefined) => {
      if (!type) return;
      const named = getNamedType(type);
      if (seenInputs.has(named.name)) return;
      seenInputs.add(named.name);
      useType(named);
      if (!isInputObjectType(named)) return;
      for (const field of Object.values(named.getFields())) {
        use(`${named.name}.${field.name}`);
        useInputType(field.type);
      }
    };
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (!parent || node.name.value.startsWith('__')) return;
          use(`${parent.name}.${node.name.value}`);
          const type = typeInfo.getType();
          if (type) useType(getNamedType(type));
        },
        Argument(node) {
          if (typeInfo.getDirective()) return;
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return;
          use(`${parent.name}.${field.name}.${node.name.value}`);
          const type = typeInfo.getInputType();
          if (type) useType(getNamedType(type), false);
        },
        ObjectField(node) {
          const parent = typeInfo.getParentInputType();
          if (!parent) return;
          use(`${getNamedType(parent).name}.${node.name.value}`);
          const type = typeInfo.getInputType();
          if (type) useType(getNamedType(type), false);
        },
        EnumValue(node) {
          const type = typeInfo.getInputType();
          if (type) use(`${getNamedType(type).name}.${node.value}`);
        },
        VariableDefinition(node) {
          useInputType(typeFromAST(schema, node.type) as GraphQLInputType | undefined);
        },
        InlineFragment(node) {
          if (node.typeCondition) useType(schema.getType(node.typeCondition.name.value));
        },
        FragmentDefinition(node) {
          useType(schema.getType(node.typeCondition.name.value));
        },
      }),
    );
  }
  return { usedBy, invalid };
}
