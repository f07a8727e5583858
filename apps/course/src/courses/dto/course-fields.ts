import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsISO4217CurrencyCode, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { OptionalDefined } from '../../common/optional.js';

/** Field rules shared by the create and update bodies; `required: false` makes a field optional. */
type FieldRule = (required?: boolean) => PropertyDecorator;

export const MAX_PRICE_CENTS = 100_000_000;
export const DEFAULT_CURRENCY = 'USD';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toUpperCase() : value);

const field = (required: boolean, api: ApiPropertyOptions, ...rules: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(required ? ApiProperty(api) : ApiPropertyOptional(api), ...(required ? [] : [OptionalDefined()]), ...rules);

export const TitleField: FieldRule = (required = true) =>
  field(required, { example: 'Practical TypeScript', minLength: 1, maxLength: 200 }, Transform(trim), IsString(), Length(1, 200));

export const DescriptionField: FieldRule = (required = true) =>
  field(required, { maxLength: 20_000 }, IsString(), MaxLength(20_000));

export const CategoryField: FieldRule = (required = true) =>
  field(required, { example: 'programming', minLength: 1, maxLength: 60 }, Transform(trim), IsString(), Length(1, 60));

export const PriceCentsField: FieldRule = (required = true) =>
  field(required, { minimum: 0, maximum: MAX_PRICE_CENTS, description: '0 means free' }, IsInt(), Min(0), Max(MAX_PRICE_CENTS));

export const CurrencyField: FieldRule = (required = false) =>
  field(
    required,
    { example: DEFAULT_CURRENCY, default: DEFAULT_CURRENCY, description: 'ISO 4217' },
    Transform(upper),
    IsISO4217CurrencyCode(),
  );

export const PublishedField: FieldRule = (required = false) => field(required, { default: false }, IsBoolean());
