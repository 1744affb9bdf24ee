import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Connection, pageSize } from '../../kit/connection';
import { positionAfter } from '../repository/mapper';
import type { TreasuryContext } from '../context';
import { PaymentConnection } from '../types/payment';
import type { Payment } from '../types/payment';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Taxpayer)
export class TaxpayerResolver {
  @FieldResolver(() => PaymentConnection, {
    nullable: true,
    description:
      'Null only when the treasury-bank source is unavailable (with a SOURCE_UNAVAILABLE error), so an outage costs only this field. Tax ' +
      'payments through TIPS whose payer TIN (TaxPayment.TaxPayCode) is this USCC or an old 15-character TIN carrying its organization ' +
      'code, newest first. ' +
      'An individual business paid under its citizen-ID TIN, which no USCC can be matched to: find those with Query.payments(filter: {payerTin}).',
  })
  payments(
    @Root() taxpayer: Taxpayer,
    @Ctx() ctx: TreasuryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 500).' }) first?: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last item of the previous page.' }) after?: string | null,
  ): Promise<Connection<Payment> | null> {
    return ctx.loaders.paymentsOfTaxpayer.load({ uscc: taxpayer.uscc, limit: pageSize(first), after: positionAfter(after) });
  }
}
