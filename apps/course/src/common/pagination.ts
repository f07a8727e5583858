import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
/** Offset pages may start this many rows deep at most; OFFSET reads and drops every skipped row. */
export const MAX_PAGE_OFFSET = 10_000;

/** For `@ApiBadRequestResponse` of every paged listing. */
export const PAGING_ERRORS =
  `REQUEST.VALIDATION_FAILED: limit out of range, or page together with cursor; ` +
  `REQUEST.PAGE_TOO_DEEP: an offset page past the first ${MAX_PAGE_OFFSET} rows (page on with cursor); ` +
  `REQUEST.CURSOR_INVALID: a malformed cursor, or one issued for another sort or other filters`;

/** Fails when `other` is present too; an absent property skips validation (with `@IsOptional`). */
const Without = (other: string): PropertyDecorator =>
  ValidateBy({
    name: 'without',
    validator: {
      validate: (_value, args) => (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
      defaultMessage: (args) => `${args?.property} and ${other} cannot be combined: send one of them`,
    },
  });

export class PaginationQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    default: 1,
    description: `Offset paging, 1-based, while (page - 1) × limit < ${MAX_PAGE_OFFSET} (deeper: REQUEST.PAGE_TOO_DEEP). Not with \`cursor\`.`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;

  @ApiPropertyOptional({
    description:
      'Keyset paging: `meta.nextCursor` of the previous page, sent with the same sort and filters ' +
      '(else REQUEST.CURSOR_INVALID). Costs the same at any depth. Not with `page`.',
  })
  @IsOptional()
  @IsString()
  @Without('page')
  cursor?: string;
}

export class PageMetaDto {
  @ApiPropertyOptional({ description: 'Page mode only' }) page?: number;
  @ApiProperty() limit: number;
  @ApiPropertyOptional({
    description: 'Page mode only: counting every matching row on each cursor page would cost what keyset paging saves',
  })
  total?: number;
  @ApiProperty() hasNext: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Opaque; send as `cursor` (with the same sort and filters) for the next page. Null on the last page.',
  })
  nextCursor: string | null;
}

/** How `total` relates to the real count: `gte` when counting stopped at a bound, so there are at least `total` rows. */
export type TotalRelation = 'eq' | 'gte';

/** A count that may have stopped at a bound. */
export interface CountedTotal {
  total: number;
  relation: TotalRelation;
}

export interface Page<T> {
  data: T[];
  /** `totalRelation` only from a source whose count may stop at a bound (its own meta DTO documents it). */
  meta: PageMetaDto & { totalRelation?: TotalRelation };
}
