import type { CustomerScoreRow } from '../store/score-reads.ts';
import { ago, plural } from './wording.ts';

/** A customer's scores in one paragraph: their inputs, the scores, the forecast and the churn risk with its reasons. */
export function explainScore(score: CustomerScoreRow): string {
  const sentences: string[] = [];
  const currency = score.currency ?? 'the scoring currency';
  if (score.purchases === 0) {
    const elsewhere = Object.entries(score.historicalValue).map(([spentIn, amount]) => `${amount} ${spentIn}`);
    sentences.push(
      elsewhere.length
        ? `Spent ${elsewhere.join(' and ')}, none of it in ${currency}, the tenant's scoring currency: no RFM scores, forecast or churn risk.`
        : 'No purchase yet: no RFM scores, forecast or churn risk.',
    );
  } else {
    sentences.push(`${plural(score.purchases, 'purchase')} in ${currency} totalling ${score.monetaryValue}, the last ${ago(score.recencyDays ?? 0)}.`);
    sentences.push(
      score.recencyScore !== null && score.rfmCell !== null
        ? `Recency ${score.recencyScore}, frequency ${score.frequencyScore} and monetary ${score.monetaryScore} of 5 (quintiles among the tenant's buyers): ${words(score.rfmCell)}.`
        : 'Not ranked among the tenant’s buyers (an archived customer).',
    );
    sentences.push(forecastSentence(score, currency));
    if (score.churnRisk !== null) sentences.push(`Churn risk ${score.churnRisk.toFixed(2)}: ${score.churnReasons.map((reason) => reason.text).join('; ')}.`);
  }
  sentences.push(`Computed ${score.computedAt.toISOString()}.`);
  return sentences.join(' ');
}

function forecastSentence(score: CustomerScoreRow, currency: string): string {
  const purchases = (score.predictedPurchases ?? 0).toFixed(2);
  const value = `${score.predictedValue ?? '0.00'} ${currency}`;
  if (score.method === 'BG_NBD_GAMMA_GAMMA') {
    return `Over the next 12 months BG/NBD and Gamma-Gamma, fitted on the tenant's purchases, expect ${purchases} purchases worth ${value}; P(alive) ${(score.probabilityAlive ?? 0).toFixed(2)}.`;
  }
  const alive = score.probabilityAlive === null ? '' : `, with an estimated ${score.probabilityAlive.toFixed(2)} chance that they still buy`;
  return `The tenant's history cannot support the fitted models, so the forecast keeps the customer's own purchase rate: ${purchases} purchases worth ${value} over the next 12 months${alive}.`;
}

function words(cell: string): string {
  return cell.toLowerCase().replaceAll('_', ' ');
}
