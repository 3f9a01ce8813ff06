import type { Type } from '@nestjs/common';
import { AgreesWith, type FieldMeaning } from './alias-field.validators.js';
import type { Alias } from './compatible-systems.js';
import type { WebhooksCompatibility } from './webhooks-compatibility.js';

/**
 * A field another system sends or reads under its own name, declared once as data so that the DTO
 * class of a module has it only when the module serves its {@link Alias}: Swagger documents exactly
 * the fields a request may carry, and the validation pipe refuses the others as unknown fields.
 */
export interface AliasProperty {
  /** The alias the field belongs to (or aliases: one is enough): on when the module serves it. */
  alias: Alias | readonly Alias[];
  /** Its Swagger and class-validator decorators (give `type` to Swagger: there is no design type). */
  decorators?: readonly PropertyDecorator[];
  /**
   * The other forms of the same field, canonical or alias: a body in which one of them that the DTO
   * has means something else is refused (`@AgreesWith`), naming this field.
   */
  agreesWith?: { fields: readonly string[]; meaning: FieldMeaning };
}

/** Alias properties by field name. */
export type AliasProperties = Readonly<Record<string, AliasProperty>>;

/**
 * The DTO class of `base` for a module: `base` itself when none of `properties` is served, else a
 * subclass of the same name (so Swagger's schema keeps its name) with the served ones added.
 */
export function withAliasProperties<T>(
  base: Type<T>,
  properties: AliasProperties,
  compatibility: WebhooksCompatibility,
): Type<T> {
  const served = Object.keys(properties).filter((field) =>
    [properties[field]!.alias].flat().some((alias) => compatibility.has(alias)),
  );
  if (served.length === 0) return base;
  // Agreement is checked only with the forms the class has: canonical fields and served aliases.
  const onClass = (field: string) => !(field in properties) || served.includes(field);
  return decoratedSubclass(
    base,
    Object.fromEntries(
      served.map((field) => {
        const { decorators = [], agreesWith } = properties[field]!;
        const agreement = agreesWith && AgreesWith(agreesWith.fields.filter(onClass), agreesWith.meaning);
        return [field, agreement ? [...decorators, agreement] : decorators];
      }),
    ),
  );
}

/**
 * A subclass of `base` with the same name and `decorators` applied to its properties (over what it
 * inherits): how a DTO class is made for a module, e.g. a response whose `data` is the module's item.
 */
export function decoratedSubclass<T>(
  base: Type<T>,
  decorators: Readonly<Record<string, readonly PropertyDecorator[]>>,
): Type<T> {
  const subclass = class extends (base as Type<object>) {};
  Object.defineProperty(subclass, 'name', { value: base.name });
  for (const [field, decorations] of Object.entries(decorators))
    for (const decorate of decorations) decorate(subclass.prototype, field);
  return subclass as Type<T>;
}
