import { describe, expect, it } from '@jest/globals';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { createSchemaCompiler } from './event-data.validator.js';
import { payloadSchemaOf } from './payload-schema.factory.js';

class LineItem {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

class Customer {
  @IsEmail()
  email!: string;
}

class OrderPaid {
  @ApiProperty({ description: 'Our order id.', example: 'ord_1' })
  @IsString()
  order_id!: string;

  @IsInt()
  @Min(0)
  amount!: number;

  @IsIn(['eur', 'usd'])
  currency!: string;

  @IsISO8601()
  paid_at!: string;

  @IsOptional()
  @IsString()
  note?: string;

  @ValidateNested()
  @Type(() => Customer)
  customer!: Customer;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineItem)
  items!: LineItem[];

  @ApiProperty({ required: false, description: 'Only @ApiProperty describes it.' })
  gift?: boolean;
}

const valid = {
  order_id: 'ord_1',
  amount: 4200,
  currency: 'eur',
  paid_at: '2026-12-07T14:00:00Z',
  customer: { email: 'ada@example.com' },
  items: [{ sku: 'SKU-1', quantity: 2 }],
};

describe('payloadSchemaOf', () => {
  it('turns class-validator and @ApiProperty decorators into a closed JSON Schema, nested classes inlined', () => {
    const schema = payloadSchemaOf(OrderPaid);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: {
        order_id: { type: 'string', description: 'Our order id.', examples: ['ord_1'] },
        amount: { type: 'integer', minimum: 0 },
        currency: { type: 'string', enum: ['eur', 'usd'] },
        note: { type: 'string' },
        customer: {
          type: 'object',
          additionalProperties: false,
          properties: { email: { type: 'string', format: 'email' } },
          required: ['email'],
        },
        items: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } },
          },
        },
        gift: { type: 'boolean', description: 'Only @ApiProperty describes it.' },
      },
    });
    expect([...(schema.required as string[])].sort()).toEqual(
      ['amount', 'currency', 'customer', 'items', 'order_id', 'paid_at'].sort(),
    );
  });

  it('refuses a class that contains itself', () => {
    class Node {
      @ValidateNested()
      @Type(() => Node)
      child!: Node;
    }
    expect(() => payloadSchemaOf(Node)).toThrow('Node contains itself');
  });
});

describe('nullable properties (`@ApiProperty({ nullable: true })`)', () => {
  class Refund {
    @ApiProperty({ nullable: true })
    @IsString()
    id!: string | null;

    @ApiProperty({ nullable: true })
    @IsIn(['eur', 'usd'])
    currency!: string | null;

    @ApiProperty({ nullable: true })
    @ValidateNested()
    @Type(() => Customer)
    customer!: Customer | null;

    @IsString()
    reason!: string;
  }
  const check = createSchemaCompiler()(payloadSchemaOf(Refund));

  it('admit null as well as the type, and only where declared', () => {
    const schema = payloadSchemaOf(Refund).properties as Record<string, Record<string, unknown>>;
    expect(schema.id.type).toEqual(['string', 'null']);
    expect(schema.currency.enum).toEqual(['eur', 'usd', null]);
    expect(schema.customer).toMatchObject({ type: ['object', 'null'], required: ['email'] });
    expect(check({ id: null, currency: null, customer: null, reason: 'duplicate' })).toBeNull();
    expect(
      check({ id: 're_1', currency: 'eur', customer: { email: 'ada@example.com' }, reason: 'x' }),
    ).toBeNull();
    expect(check({ id: 're_1', currency: 'eur', customer: null, reason: null })).toEqual([
      expect.objectContaining({ field: 'data.reason' }),
    ]);
    expect(check({ id: 7, currency: 'gbp', customer: {}, reason: 'x' })?.map((p) => p.field)).toEqual(
      expect.arrayContaining(['data.id', 'data.currency', 'data.customer']),
    );
  });
});

describe('the compiled schema check', () => {
  const check = createSchemaCompiler()(payloadSchemaOf(OrderPaid));

  it('passes conforming data, optional fields left out', () => {
    expect(check(valid)).toBeNull();
    expect(check({ ...valid, note: 'thanks', gift: true })).toBeNull();
  });

  it('names every problem by its path under data', () => {
    const problems = check({
      order_id: 'ord_1',
      amount: '42',
      currency: 'gbp',
      paid_at: 'yesterday',
      customer: { email: 'not-an-email' },
      items: [{ sku: 'SKU-1', quantity: 1 }, { quantity: 0 }],
      coupon: 'X',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'data.amount', message: 'data.amount must be integer' },
        { field: 'data.currency', message: 'data.currency must be one of "eur", "usd"' },
        { field: 'data.customer.email', message: 'data.customer.email must match format "email"' },
        { field: 'data.items.1', message: 'data.items.1 must have the property "sku"' },
        { field: 'data.items.1.quantity', message: 'data.items.1.quantity must be >= 1' },
        {
          field: 'data',
          message: 'data must not have the property "coupon" (the schema allows no other properties)',
        },
      ]),
    );
    expect(problems!.some((problem) => problem.field === 'data.paid_at')).toBe(true);
  });

  it('names a missing required property at the root', () => {
    const { amount: _amount, ...withoutAmount } = valid;
    expect(check(withoutAmount)).toEqual([
      { field: 'data', message: 'data must have the property "amount"' },
    ]);
  });

  it('refuses a schema that does not compile, and a misspelt keyword', () => {
    const compile = createSchemaCompiler();
    expect(() => compile({ type: 'objekt' })).toThrow();
    expect(() => compile({ type: 'object', requried: ['a'] })).toThrow(/requried/);
  });
});
