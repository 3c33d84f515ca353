import type { BetView } from '../../lib/bets/read-bets';
import { formatMoney, formatOdds } from '../../lib/money';
import type { LiveBet } from '../_bets/types';

/** The server's bet view in the shape the browser holds (the GraphQL shape, flattened). */
export function toLiveBet(bet: BetView): LiveBet {
  return {
    id: bet.id,
    status: bet.status,
    stake: formatMoney(bet.stakeMinor),
    odds: formatOdds(bet.oddsHundredths),
    potentialPayout: formatMoney(bet.potentialPayoutMinor),
    payout: formatMoney(bet.payoutMinor),
    autoCashoutTarget: bet.autoCashoutTargetMinor === null ? null : formatMoney(bet.autoCashoutTargetMinor),
    placedAt: bet.placedAt.toISOString(),
    settledAt: bet.settledAt?.toISOString() ?? null,
    acceptAt: bet.acceptAt?.toISOString() ?? null,
    rejectionReason: bet.rejectionReason,
    legs: bet.legs.map((leg) => ({
      selectionId: leg.selection.id,
      selectionName: leg.selection.name,
      eventId: leg.eventId,
      eventName: leg.eventName,
      marketId: leg.marketId,
      marketName: leg.marketName,
      marketStatus: null,
      odds: formatOdds(leg.oddsHundredths),
      requestedOdds: formatOdds(leg.requestedOddsHundredths),
      currentOdds: formatOdds(leg.selection.odds),
      status: leg.status,
    })),
  };
}
