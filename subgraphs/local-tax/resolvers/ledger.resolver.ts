import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { LocalTaxContext } from '../context';
import { LocalTaxAccount } from '../types/account';
import { LocalTaxLedgerEntry } from '../types/ledger-entry';

@Resolver(() => LocalTaxAccount)
export class LocalTaxLedgerResolver {
  @FieldResolver(() => [LocalTaxLedgerEntry], {
    description:
      'The payment ledger of this registration (税票缴款, SP_JK): each voucher booked as collected, oldest period first. Task 15 reconciles ' +
      'the ones paid through TIPS with the treasury.',
  })
  ledger(@Root() account: LocalTaxAccount, @Ctx() ctx: LocalTaxContext): Promise<LocalTaxLedgerEntry[]> {
    return ctx.loaders.ledgerByAccount.load({ owner: account.id, year: null });
  }
}
