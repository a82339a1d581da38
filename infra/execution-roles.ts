/**
 * The district's Lambda execution roles, shared by grants: every house function collects what it is
 * granted (its table access, queues, secret, SMS, X-Ray…) in its own `FunctionGrants`, and once the
 * district is built `assign()` gives each distinct set of grants one role, used by every function
 * with exactly that set. A district then holds one role per kind of access, not one per function:
 * IAM's roles per account (1,000, raisable to 5,000 at most) bound how many districts fit an account
 * (README, "Many districts per account"). No function gets more than its own grants, except that
 * the functions sharing a role may also write to each other's log groups (the same two log actions,
 * on the log groups of functions with the same access).
 *
 * The roles live in a nested stack of their own, referred to by the district stack and its nested
 * stacks, never referring to them: a statement on a resource of a nested stack (a function's log
 * group, a reader's own queue) goes into an `iam.Policy` in that nested stack, attached to the
 * shared role, so every reference points from a stack to one its parent also holds. Each function
 * depends on its role and on the policies carrying its grants (its event source mappings then
 * start only once they may read).
 */
import { createHash } from 'node:crypto';
import {
  DefaultTokenResolver,
  type IResolvable,
  type IResolveContext,
  type IPostProcessor,
  Lazy,
  NestedStack,
  Reference,
  type ResourceEnvironment,
  Stack,
  StringConcat,
  Tokenization,
} from 'aws-cdk-lib';
import {
  type AddToPrincipalPolicyResult,
  ArnPrincipal,
  type Grant,
  type IManagedPolicy,
  type IPrincipal,
  type IRole,
  type Policy,
  Policy as InlinePolicy,
  type PolicyStatement,
  type PrincipalPolicyFragment,
  Role,
  type RoleReference,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Construct, Dependable, type IConstruct } from 'constructs';
import { acknowledgeFinding, acknowledgePolicyFinding } from './nag.ts';

/** The role's default policy; other names become policies of their own (each with its acknowledgements). */
const defaultPolicy = '';

export interface Acknowledgement {
  id: string;
  reason: string;
}

interface Grants {
  /** Policy name ('' for the default policy) → statements. */
  statements: Map<string, PolicyStatement[]>;
  acknowledgements: Map<string, Acknowledgement[]>;
}

/** IAM's limit on a role's description. */
const descriptionLimit = 1000;

export class ExecutionRoles extends NestedStack {
  /** The execution roles of the district stack that holds `scope` (also from one of its nested stacks). */
  static ofDistrict(scope: IConstruct): ExecutionRoles {
    let stack = Stack.of(scope);
    while (stack.nestedStackParent) stack = stack.nestedStackParent;
    const found = stack.node.tryFindChild(executionRolesId);
    if (!(found instanceof ExecutionRoles)) throw new Error(`${stack.node.path} has no ExecutionRoles: create them before its functions`);
    return found;
  }

  readonly #functions: FunctionGrants[] = [];
  readonly #roles: Role[] = [];
  #assigned = false;

  constructor(scope: Construct, props: { districtId: string }) {
    super(scope, executionRolesId, { description: `Lambda execution roles of district ${props.districtId}, one per distinct set of grants` });
  }

  /** The shared roles, once assigned. */
  get roles(): readonly Role[] {
    return this.#roles;
  }

  /** @internal by FunctionGrants */
  register(grants: FunctionGrants): void {
    if (this.#assigned) throw new Error(`${grants.node.path}: the district's execution roles are already assigned`);
    this.#functions.push(grants);
  }

  /** Gives every registered function the role of its set of grants, creating one role per distinct set. */
  assign(): void {
    if (this.#assigned) throw new Error(`${this.node.path}: execution roles assigned twice`);
    this.#assigned = true;
    const bySignature = new Map<string, FunctionGrants[]>();
    for (const grants of this.#functions) {
      const signature = grants.signature(this);
      bySignature.set(signature, [...(bySignature.get(signature) ?? []), grants]);
    }
    for (const [signature, users] of [...bySignature].sort(([a], [b]) => a.localeCompare(b))) {
      const id = `Role${createHash('sha256').update(signature).digest('hex').slice(0, 10)}`;
      const role = new Role(this, id, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: describe(users) });
      this.#roles.push(role);
      new SharedRole(this, role, users).build();
    }
  }
}

const executionRolesId = 'ExecutionRoles';

/** What one shared role carries, and where: its default policy, or a policy in the stack of the resources named. */
class SharedRole {
  readonly #policies = new Map<string, Policy>();

  constructor(
    private readonly roles: ExecutionRoles,
    private readonly role: Role,
    private readonly users: readonly FunctionGrants[],
  ) {}

  build(): void {
    const [first] = this.users;
    if (!first) return;
    // Every user's grants are the same (that is what the signature says): place the first one's once.
    const shared: IConstruct[] = [this.role];
    for (const [name, statements] of first.collected.statements) {
      for (const statement of statements) shared.push(this.place(name, statement));
    }
    for (const [name, acknowledgements] of first.collected.acknowledgements) {
      const policies = [...this.#policies.values()].filter((policy) => policy.node.id === this.policyId(name));
      if (name !== defaultPolicy && policies.length === 0) throw new Error(`${this.role.node.path}: no policy ${name} to acknowledge findings on`);
      for (const { id, reason } of acknowledgements) {
        if (name === defaultPolicy) acknowledgePolicyFinding(this.role, id, reason);
        else for (const policy of policies) acknowledgeFinding(policy, id, reason);
      }
    }
    for (const user of this.users) {
      const own = user.ownStatements.map((statement) => this.place(defaultPolicy, statement));
      user.bind(this.role, [...new Set([...shared, ...own])]);
    }
  }

  /** Adds `statement` where it can be referred to without a cycle; returns what carries it. */
  private place(name: string, statement: PolicyStatement): IConstruct {
    const home = homeStackOf(statement, this.roles);
    if (home === this.roles && name === defaultPolicy) {
      this.role.addToPrincipalPolicy(statement);
      return this.role;
    }
    const policy = this.policy(home, name);
    policy.addStatements(statement);
    return policy;
  }

  private policyId(name: string): string {
    return `${this.role.node.id}${name || 'Grants'}`;
  }

  private policy(home: Stack, name: string): Policy {
    const key = `${home.node.path}|${name}`;
    let policy = this.#policies.get(key);
    if (!policy) {
      // In a nested stack the role comes in as a parameter; the policy's id keeps it apart from other roles'.
      policy = new InlinePolicy(home, this.policyId(name), { roles: [this.role] });
      this.#policies.set(key, policy);
    }
    return policy;
  }
}

/**
 * The one stack a statement's resources are in, among the district's nested stacks; the roles'
 * own stack when they are all in the district stack (a parameter of the roles' stack) or none.
 */
function homeStackOf(statement: PolicyStatement, roles: ExecutionRoles): Stack {
  const recorder = new ReferenceRecorder();
  Tokenization.resolve(statement.toStatementJson(), { scope: roles, resolver: recorder, preparing: false });
  const nested = new Set([...recorder.targets].map((target) => Stack.of(target)).filter((stack) => stack.nested && stack !== roles));
  if (nested.size > 1) {
    throw new Error(`A statement names resources of ${[...nested].map((stack) => stack.node.path).join(' and ')}: grant them separately`);
  }
  return [...nested][0] ?? roles;
}

/** Resolves references to `<construct path.attribute>`, the same wherever they are resolved, and records their targets. */
class ReferenceRecorder extends DefaultTokenResolver {
  readonly targets = new Set<IConstruct>();

  constructor() {
    super(new StringConcat());
  }

  override resolveToken(token: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): unknown {
    if (Reference.isReference(token)) {
      this.targets.add(token.target);
      return `<${token.target.node.path}.${token.displayName}>`;
    }
    return super.resolveToken(token, context, postProcessor);
  }
}

/** `Shared by the functions granted the same: functions/a.ts, functions/b.ts`, within IAM's 1,000 characters. */
function describe(users: readonly FunctionGrants[]): string {
  const files = [...new Set(users.map((user) => `functions/${user.handler}.ts`))].sort();
  const prefix = users.length > 1 ? 'Shared by the functions granted the same: ' : 'Runs ';
  let description = `${prefix}${files.join(', ')}`;
  for (let shown = files.length - 1; description.length > descriptionLimit && shown > 0; shown -= 1) {
    description = `${prefix}${files.slice(0, shown).join(', ')} and ${files.length - shown} more`;
  }
  return description;
}

/**
 * What one function is granted: the function's `role` until `ExecutionRoles.assign()` gives it the
 * shared role of its set of grants. Grants go through it as through a role (grant methods, event
 * sources, `addToRolePolicy`); its ARN and name are those of the shared role, resolved at synthesis.
 * The function's own log group is granted on the shared role without making the set differ.
 */
export class FunctionGrants extends Construct implements IRole {
  readonly handler: string;
  readonly assumeRoleAction = 'sts:AssumeRole';
  readonly grantPrincipal: IPrincipal = this;
  readonly principalAccount: string;
  readonly stack: Stack;
  readonly env: ResourceEnvironment;
  readonly roleArn: string;
  readonly roleName: string;
  /** @internal by ExecutionRoles */
  readonly collected: Grants = { statements: new Map(), acknowledgements: new Map() };
  /** @internal by ExecutionRoles: statements on the function's own resources (its log group). */
  readonly ownStatements: PolicyStatement[] = [];
  #role: Role | undefined;
  #carriers: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: { handler: string }) {
    super(scope, id);
    this.handler = props.handler;
    this.stack = Stack.of(this);
    this.env = { account: this.stack.account, region: this.stack.region };
    this.principalAccount = this.stack.account;
    this.roleArn = Lazy.string({ produce: () => this.role.roleArn });
    this.roleName = Lazy.string({ produce: () => this.role.roleName });
    // Whatever depends on these grants (the function, a grant's dependants) depends on the shared
    // role and on the policies that carry them, known once assigned.
    const carriers = () => this.#carriers;
    Dependable.implement(this, {
      get dependencyRoots() {
        return carriers();
      },
    });
    ExecutionRoles.ofDistrict(this).register(this);
  }

  /** The shared role, once assigned. */
  get role(): Role {
    if (!this.#role) throw new Error(`${this.node.path}: no execution role yet (ExecutionRoles.assign() runs once the district is built)`);
    return this.#role;
  }

  get roleRef(): RoleReference {
    return { roleArn: this.roleArn, roleName: this.roleName };
  }

  get policyFragment(): PrincipalPolicyFragment {
    return new ArnPrincipal(this.roleArn).policyFragment;
  }

  addToPrincipalPolicy(statement: PolicyStatement): AddToPrincipalPolicyResult {
    this.addStatements(defaultPolicy, [statement]);
    return { statementAdded: true, policyDependable: this };
  }

  addToPolicy(statement: PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  /** Grants `statements` in a policy named `name` of their own, with its cdk-nag acknowledgements. */
  addPolicy(name: string, statements: PolicyStatement[], acknowledgements: Acknowledgement[] = []): void {
    if (name === defaultPolicy) throw new Error(`${this.node.path}: a policy of its own needs a name`);
    this.addStatements(name, statements);
    this.acknowledge(name, acknowledgements);
  }

  /** Acknowledges cdk-nag findings on the shared role's default policy. */
  acknowledgeOnDefaultPolicy(acknowledgement: Acknowledgement): void {
    this.acknowledge(defaultPolicy, [acknowledgement]);
  }

  /** Grants `statement` on a resource of this function alone (its log group): not part of the set of grants. */
  addOwnStatement(statement: PolicyStatement): void {
    this.checkOpen();
    this.ownStatements.push(statement);
  }

  /**
   * The set of grants, the same string for two functions exactly when they are granted the same:
   * each statement split into single actions on single resources, references named by construct path.
   */
  signature(scope: IConstruct): string {
    const parts = new Set<string>();
    for (const [name, statements] of this.collected.statements) {
      for (const statement of statements) for (const atom of atomsOf(statement, scope)) parts.add(`${name}|${atom}`);
    }
    for (const [name, acknowledgements] of this.collected.acknowledgements) {
      for (const { id } of acknowledgements) parts.add(`${name}|acknowledged ${id}`);
    }
    return [...parts].sort().join('\n');
  }

  /** @internal by ExecutionRoles */
  bind(role: Role, carriers: IConstruct[]): void {
    this.#role = role;
    this.#carriers = carriers;
  }

  attachInlinePolicy(_policy: Policy): void {
    throw new Error(`${this.node.path}: the execution role is shared; grant through addPolicy() instead of attaching a policy`);
  }

  addManagedPolicy(_policy: IManagedPolicy): void {
    throw new Error(`${this.node.path}: the execution role is shared and carries no managed policy`);
  }

  grant(_grantee: IPrincipal, ..._actions: string[]): Grant {
    throw new Error(`${this.node.path}: nothing may act on a shared execution role`);
  }

  grantPassRole(_grantee: IPrincipal): Grant {
    throw new Error(`${this.node.path}: nothing may pass a shared execution role`);
  }

  grantAssumeRole(_grantee: IPrincipal): Grant {
    throw new Error(`${this.node.path}: only Lambda assumes a shared execution role`);
  }

  applyRemovalPolicy(): void {
    throw new Error(`${this.node.path}: the shared execution role's removal policy is its stack's`);
  }

  private addStatements(name: string, statements: PolicyStatement[]): void {
    this.checkOpen();
    this.collected.statements.set(name, [...(this.collected.statements.get(name) ?? []), ...statements]);
  }

  private acknowledge(name: string, acknowledgements: Acknowledgement[]): void {
    this.checkOpen();
    this.collected.acknowledgements.set(name, [...(this.collected.acknowledgements.get(name) ?? []), ...acknowledgements]);
  }

  private checkOpen(): void {
    if (this.#role) throw new Error(`${this.node.path}: granted after its execution role was assigned; grant before ExecutionRoles.assign()`);
  }
}

/** A statement as single actions on single resources (effect and conditions kept). */
function atomsOf(statement: PolicyStatement, scope: IConstruct): string[] {
  const json = Tokenization.resolve(statement.toStatementJson(), { scope, resolver: new ReferenceRecorder(), preparing: false }) as Record<
    string,
    unknown
  >;
  const { Action, Resource, ...rest } = json;
  if (Action === undefined || Resource === undefined) return [JSON.stringify(json)];
  const context = JSON.stringify(rest);
  return [Action]
    .flat()
    .flatMap((action) => [Resource].flat().map((resource) => `${context} ${JSON.stringify(action)} on ${JSON.stringify(resource)}`));
}
