import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmptyObject, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { Lowercase } from '../../common/lowercase.transform.js';
import { PAYMENT_STATUSES, type PaymentStatus, type StoredPaymentResponse } from '../payment.entity.js';

export class PaymentMethodDto {
  @ApiProperty({ enum: ['card'] })
  @IsIn(['card'])
  type: 'card';

  @ApiProperty({ example: 'tok_visa', description: 'Card token from the payment provider' })
  @IsString()
  @Length(1, 255)
  token: string;
}

export class CreatePaymentDto {
  @ApiProperty({ format: 'uuid' })
  @Lowercase()
  @IsUUID()
  orderId: string;

  @ApiProperty({ type: PaymentMethodDto })
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => PaymentMethodDto)
  paymentMethod: PaymentMethodDto;
}

export class PaymentResponseDto {
  @ApiProperty({ format: 'uuid' }) paymentId: string;
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status: PaymentStatus;
  @ApiPropertyOptional({ example: 'CARD_DECLINED' }) failureCode?: string;
}

/** Fixed key order, so a replay (read back from jsonb, which reorders keys) is byte-identical. */
export const toPaymentResponse = (stored: StoredPaymentResponse): PaymentResponseDto => ({
  paymentId: stored.paymentId,
  orderId: stored.orderId,
  status: stored.status,
  ...(stored.failureCode ? { failureCode: stored.failureCode } : {}),
});
