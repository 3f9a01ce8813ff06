import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../api-key.guard.js';
import { PlaceOrderDto, toOrderDto, type OrderDto } from './orders.dto.js';
import { OrdersService } from './orders.service.js';

/** The shop's own routes: place an order, then pay it, which publishes `order.paid`. */
@Controller('orders')
@UseGuards(ApiKeyGuard)
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  async place(@Body() body: PlaceOrderDto): Promise<OrderDto> {
    return toOrderDto(await this.orders.place(body.total_cents, body.currency));
  }

  @Post(':id/pay')
  @HttpCode(200)
  async pay(@Param('id') id: string): Promise<OrderDto> {
    return toOrderDto(await this.orders.markPaid(id));
  }
}
