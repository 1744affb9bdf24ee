import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
  TypeNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  isInputObjectType,
  getNamedType,
} from 'graphql';
import { fragmentsOf, rootFieldsOf } from '../limits/fragments';
import type { OperationManifest, PersistedOperation } from '../operations/manifest';
import type { RestRoute } from './routes';

/** One of an operation's variables, as a REST parameter. */
export interface RestParameter {
  name: string;
  in: 'path' | 'query';
  type: TypeNode;
  hasDefault: boolean;
}

/**
 * A route of ./routes.ts bound to its manifest operation: the path's pattern, the parameters the
 * operation's variables make, and the root field whose value is the response. Built once at start;
 * a route that names no manifest operation, or a path variable the operation lacks, stops the gateway
 * there rather than answering 500 later.
 */
export class RestResource {
  readonly operation: PersistedOperation;
  readonly document: DocumentNode;
  readonly definition: OperationDefinitionNode;
  readonly fragments: Map<string, FragmentDefinitionNode>;
  readonly parameters: RestParameter[];
  /** The operation's one root field: its value is the response. */
  readonly root: FieldNode;
  /** The root field's response key (its alias, else its name). */
  readonly rootKey: string;
  readonly rootField: string;
  private readonly pattern: RegExp;
  /** The path's variables, in the order they appear in it. */
  private readonly pathNames: string[];

  constructor(
    readonly route: RestRoute,
    manifest: OperationManifest,
  ) {
    const operation = manifest.operations.find((o) => o.name === route.operation);
    if (!operation) throw new Error(`REST route ${route.path} names ${route.operation}, which is not in the persisted operation manifest`);
    if (operation.type !== 'query')
      throw new Error(`REST route ${route.path}: ${route.operation} is a ${operation.type}; REST serves queries only`);
    this.operation = operation;
    this.document = parse(operation.body);
    const definitions = this.document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    this.definition = definitions.find((d) => d.name?.value === operation.name) ?? definitions[0];
    this.fragments = fragmentsOf(this.document);
    const roots = rootFieldsOf(this.definition.selectionSet, this.fragments);
    if (roots.length !== 1) throw new Error(`REST route ${route.path}: ${route.operation} must select one root field, not ${roots.length}`);
    this.root = roots[0];
    this.rootKey = roots[0].alias?.value ?? roots[0].name.value;
    this.rootField = roots[0].name.value;

    const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    this.pathNames = inPath;
    const variables = this.definition.variableDefinitions ?? [];
    for (const name of inPath) {
      if (!variables.some((v) => v.variable.name.value === name)) {
        throw new Error(`REST route ${route.path}: {${name}} is not a variable of ${route.operation}`);
      }
    }
    this.parameters = variables.map((v) => ({
      name: v.variable.name.value,
      in: inPath.includes(v.variable.name.value) ? 'path' : 'query',
      type: v.type,
      hasDefault: v.defaultValue !== undefined,
    }));
    const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '([^/]+)');
    this.pattern = new RegExp(`^${source}$`);
  }

  /** The path parameters' raw (still percent-encoded) values when `path` (below the prefix) is this resource, else undefined. */
  match(path: string): Record<string, string> | undefined {
    const m = this.pattern.exec(path);
    return m ? Object.fromEntries(this.pathNames.map((name, i) => [name, m[i + 1]])) : undefined;
  }

  /**
   * Each variable's description: the description of the argument or input field it is passed to,
   * so the document says of `since` what the schema says of `PaymentFilter.since`.
   */
  variableDescriptions(schema: GraphQLSchema): Map<string, string> {
    const out = new Map<string, string>();
    const info = new TypeInfo(schema);
    visit(
      this.document,
      visitWithTypeInfo(info, {
        Argument(node) {
          const description = info.getArgument()?.description;
          if (node.value.kind === Kind.VARIABLE && description) out.set(node.value.name.value, description);
        },
        ObjectField(node) {
          const parent = info.getParentInputType();
          const named = parent && getNamedType(parent);
          const description = named && isInputObjectType(named) ? named.getFields()[node.name.value]?.description : undefined;
          if (node.value.kind === Kind.VARIABLE && description) out.set(node.value.name.value, description);
        },
      }),
    );
    return out;
  }
}
