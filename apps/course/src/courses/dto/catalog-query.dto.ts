import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageMetaDto, PaginationQueryDto, type TotalRelation } from '../../common/pagination.js';
import { SEARCH_TOTAL_BOUND } from '../catalog-totals.js';
import {
  CATALOG_SORTS,
  COURSE_FIELDS,
  DEFAULT_CATALOG_SORT,
  splitFields,
  type CatalogSort,
  type CourseField,
} from '../catalog-query.js';
import { CourseResponseDto } from './course.dto.js';

export class CatalogQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: `Comma-separated subset of: ${COURSE_FIELDS.join(', ')}`, example: 'id,title,priceCents' })
  @IsOptional()
  @Transform(({ value }) => splitFields(value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(COURSE_FIELDS.length * 2)
  @IsIn(COURSE_FIELDS, { each: true, message: `fields may only name: ${COURSE_FIELDS.join(', ')}` })
  fields?: CourseField[];

  @ApiPropertyOptional({ description: 'Exact category; empty means any' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  category?: string;

  @ApiPropertyOptional({
    description: `Case-insensitive search in the title. Its page-mode \`total\` stops at ${SEARCH_TOTAL_BOUND} (see \`meta.totalRelation\`)`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CATALOG_SORTS, default: DEFAULT_CATALOG_SORT })
  @IsOptional()
  @IsIn(CATALOG_SORTS)
  sort: CatalogSort = DEFAULT_CATALOG_SORT;
}

export class CatalogPageMetaDto extends PageMetaDto {
  @ApiPropertyOptional({
    enum: ['eq', 'gte'],
    description:
      `Page mode with \`q\` only. \`eq\`: \`total\` is exact. \`gte\`: more than ${SEARCH_TOTAL_BOUND} titles match and ` +
      `\`total\` is ${SEARCH_TOTAL_BOUND}, a lower bound (show "${SEARCH_TOTAL_BOUND}+"); page on with \`hasNext\` / ` +
      '`nextCursor`. Without `q`, `total` is always exact and this field is absent.',
  })
  totalRelation?: TotalRelation;
}

export class CatalogPageDto {
  @ApiProperty({ type: [CourseResponseDto], description: 'Only the requested `fields` when given' })
  data: Partial<CourseResponseDto>[];

  @ApiProperty({
    description:
      'Page mode: page, limit, total, hasNext, nextCursor (and totalRelation with `q`). Cursor mode: limit, hasNext, nextCursor',
  })
  meta: CatalogPageMetaDto;
}
