import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;
// Deep OFFSETs get slow; nobody pages this far in a catalog.
export const MAX_PAGE = 10_000;

export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number = DEFAULT_PAGE_LIMIT;
}

export interface PageRequest {
  page: number;
  limit: number;
}

export class PageMetaDto {
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty() total: number;
  @ApiProperty() hasNext: boolean;
}

export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
}

export const pageOffset = ({ page, limit }: PageRequest): number => (page - 1) * limit;

export function pageMeta({ page, limit }: PageRequest, total: number): PageMetaDto {
  return { page, limit, total, hasNext: page * limit < total };
}
