/**
 * The shared execution roles (infra/execution-roles.ts) on a small stack of plain functions (inline
 * code, no bundling): who shares a role, where each statement lands, what is refused.
 */
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { ExecutionRoles, FunctionGrants } from '../../infra/execution-roles.ts';
import { resourcesOf } from '../support/cfn-template.ts';

function district() {
  const stack = new Stack(new App(), 'District');
  const roles = new ExecutionRoles(stack, { districtId: 'test' });
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const needs = new NestedStack(stack, 'Needs');
  const orders = new NestedStack(stack, 'Orders');
  const fn = (scope: Construct, id: string, handler = `area/${id}`) => {
    const logGroup = new LogGroup(scope, `${id}Logs`);
    const grants = new FunctionGrants(scope, `${id}Grants`, { handler });
    grants.addOwnStatement(new PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    const created = new LambdaFunction(scope, id, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('export {}'), role: grants });
    return { fn: created, grants, logGroup };
  };
  return { stack, roles, table, needs, orders, fn };
}

function policiesOf(stack: Stack) {
  return Object.entries(resourcesOf(Template.fromStack(stack), 'AWS::IAM::Policy'));
}

describe('ExecutionRoles', () => {
  it('gives functions granted the same one role, in any nested stack, and a function granted more a role of its own', () => {
    const { stack, roles, table, needs, orders, fn } = district();
    const reader = fn(needs, 'Reader');
    const otherReader = fn(orders, 'OtherReader');
    const writer = fn(orders, 'Writer');
    table.grantReadData(reader.fn);
    table.grantReadData(otherReader.fn);
    table.grantReadWriteData(writer.fn);
    roles.assign();
    expect(reader.grants.role).toBe(otherReader.grants.role);
    expect(writer.grants.role).not.toBe(reader.grants.role);
    expect(roles.roles).toHaveLength(2);
    expect(Template.fromStack(roles).findResources('AWS::IAM::Role')[roles.getLogicalId(reader.grants.role.node.defaultChild as never)]?.Properties.Description).toBe(
      'Shared by the functions granted the same: functions/area/OtherReader.ts, functions/area/Reader.ts',
    );
    // The table is the district stack's: its grants are on the role's default policy, beside the role.
    const defaultPolicy = JSON.stringify(policiesOf(roles));
    expect(defaultPolicy).toContain('dynamodb:GetItem');
    expect(defaultPolicy).not.toContain('logs:PutLogEvents');
    // Each log group is in its function's nested stack: its write is granted by a policy there, which the function depends on.
    for (const [nested, user] of [
      [needs, reader],
      [orders, otherReader],
    ] as const) {
      const carrying = policiesOf(nested).filter(([, candidate]) => JSON.stringify(candidate).includes(JSON.stringify(nested.resolve(user.logGroup.logGroupArn))));
      expect(carrying).toHaveLength(1);
      const [policyId, policy] = carrying[0] ?? [];
      expect(JSON.stringify(policy?.Properties.Roles)).toContain('referencetoDistrictExecutionRoles');
      const functionResource = Template.fromStack(nested).toJSON().Resources[nested.getLogicalId(user.fn.node.defaultChild as never)];
      expect(functionResource.DependsOn).toContain(policyId);
    }
    // No reference from the roles' stack to a nested stack: it would make a cycle with the functions' stacks.
    expect(JSON.stringify(Template.fromStack(roles).toJSON())).not.toMatch(/Needs|Orders/);
    // Synthesis checks the nested stacks' references for cycles.
    expect(() => (stack.node.root as App).synth()).not.toThrow();
  });

  it("names at most IAM's 1,000 characters of functions in a role's description", () => {
    const { roles, fn, needs } = district();
    for (let index = 0; index < 60; index += 1) fn(needs, `Function${index}`, `some-area/a-rather-long-handler-name-${String(index).padStart(2, '0')}`);
    roles.assign();
    const [role] = Object.values(resourcesOf(Template.fromStack(roles), 'AWS::IAM::Role'));
    const description = String(role?.Properties.Description);
    expect(description.length).toBeLessThanOrEqual(1000);
    expect(description).toMatch(/^Shared by the functions granted the same: functions\/some-area\/a-rather-long-handler-name-00\.ts, .* and \d+ more$/);
  });

  it('refuses a grant after the roles are assigned, a policy attached from outside, and a statement on two nested stacks', () => {
    const { roles, needs, orders, fn } = district();
    const early = fn(needs, 'Early');
    const spread = fn(needs, 'Spread');
    spread.grants.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [new Queue(needs, 'A').queueArn, new Queue(orders, 'B').queueArn] }),
    );
    expect(() => roles.assign()).toThrow(/names resources of District\/Needs and District\/Orders/);
    const fresh = district();
    const only = fresh.fn(fresh.needs, 'Only');
    fresh.roles.assign();
    expect(() => fresh.table.grantReadData(only.fn)).toThrow(/granted after its execution role was assigned/);
    expect(() => fresh.fn(fresh.needs, 'Late')).toThrow(/already assigned/);
    expect(() => early.grants.attachInlinePolicy(undefined as never)).toThrow(/addPolicy/);
  });
});
