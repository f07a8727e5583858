import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { CreatePaymentDto, PaymentResponseDto } from './dto/payment.dto.js';
import { IdempotencyKey } from './idempotency.js';
import { PaymentsService } from './payments.service.js';

@ApiTags('payments')
@Controller('payments')
@Authenticated()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /** A declined card is a 201 with status "failed": the attempt is recorded and replayable like a success. */
  @Post()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '1..255 characters of [A-Za-z0-9_-:.], unique per payment attempt',
  })
  @ApiBadRequestResponse({ description: 'PAYMENT.IDEMPOTENCY_KEY_REQUIRED or REQUEST.VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'PAYMENT.ORDER_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PAYMENT.ORDER_ALREADY_PAID' })
  @ApiUnprocessableEntityResponse({ description: 'PAYMENT.IDEMPOTENCY_KEY_REUSED' })
  pay(
    @CurrentUser() user: AuthenticatedUser,
    @IdempotencyKey() idempotencyKey: string,
    @Body() dto: CreatePaymentDto,
  ): Promise<PaymentResponseDto> {
    return this.payments.pay(user.id, idempotencyKey, dto);
  }
}
