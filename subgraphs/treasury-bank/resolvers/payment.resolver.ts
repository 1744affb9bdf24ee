import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';
import { isCitizenIdTin, maskPersonName, mayReadPersonalData, PERSONAL_DATA, PERSONAL_DATA_TIN } from '../../kit/access';
import type { TreasuryContext } from '../context';
import { voucherKeyString } from '../repository/mapper';
import { Payment } from '../types/payment';
import { PaymentRefund } from '../types/payment-refund';
import { Taxpayer } from '../types/taxpayer';

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => [PaymentRefund], {
    description: "Refunds from the treasury against this payment's voucher (退库, RefundInfo), oldest first.",
  })
  async refunds(@Root() payment: Payment, @Ctx() ctx: TreasuryContext): Promise<PaymentRefund[]> {
    if (!payment.hasRefunds) return [];
    return ctx.loaders.refundsByVoucher.load(voucherKeyString(payment.taxOfficeCode, payment.voucherNo));
  }

  @FieldResolver(() => Taxpayer, {
    nullable: true,
    description:
      'The taxpayer who paid: the USCC the payer TIN stands for (the TIN itself when it is a USCC; from an old TIN, a USCC that joins on ' +
      'its organization code); null for a citizen-ID TIN, from which no USCC can be derived, and for a placeholder TIN typed at a bank ' +
      'counter (an organization code of one repeated character).',
  })
  taxpayer(@Root() payment: Payment): Taxpayer | null {
    return payment.payerUscc ? { uscc: payment.payerUscc } : null;
  }

  // Personal data leaves the subgraph only through the three fields below; kit/access.ts masks it (by directive, or here for a name).

  @Directive(PERSONAL_DATA)
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The account the bank deducted from (付款账号, TaxPayment.PayAcct). Personal data.',
  })
  payerAccount(@Root() payment: Payment): string | null {
    return payment.personal.payerAccount;
  }

  @Directive(PERSONAL_DATA_TIN)
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The payer's taxpayer identification number as the tax office sent it (纳税人识别号, TaxPayment.TaxPayCode): an old 15-character TIN, a " +
      "USCC, or an individual business's citizen ID + 2 digits. Personal data when it is a citizen-ID TIN.",
  })
  payerTin(@Root() payment: Payment): string | null {
    return payment.personal.payerTin;
  }

  /**
   * Not `@personalData(name: true)`: an enterprise's name is no personal data, so only an individual
   * business's (its TIN a citizen ID + 2 digits) is masked, by kit/access.ts's one name mask.
   */
  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The payer's name as the tax office sent it (纳税人名称, TaxPayment.TaxPayName). Personal data when the payer is an individual business " +
      '(its TIN a citizen ID + 2 digits): then, without pii:read, only its first character shows.',
  })
  payerName(@Root() payment: Payment, @Ctx() ctx: TreasuryContext): string | null {
    const { payerName, payerTin } = payment.personal;
    if (payerName === null || !isCitizenIdTin(payerTin) || mayReadPersonalData(ctx.principal)) return payerName;
    return maskPersonName(payerName);
  }
}
