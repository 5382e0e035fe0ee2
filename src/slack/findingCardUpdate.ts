import type { WebClient } from '@slack/web-api';
import { log } from '../shared/log';
import type { MessageRef, SlackServices } from './ports';
import { slackBlocks } from './render/blocks';
import { findingButtons, findingCard, withCardState } from './render/finding';

/**
 * Shows a finding card's new state. The card is rebuilt from the stored finding, with its buttons
 * (Remediate, Accept risk) when `withButtons`, none otherwise. A card that cannot be updated is
 * logged, not thrown: the decision it reports is already recorded.
 */
export async function updateFindingCard(
  parts: { services: SlackServices; client: WebClient },
  findingId: string,
  ref: MessageRef,
  state: string,
  withButtons = false,
): Promise<void> {
  try {
    const finding = await parts.services.getFinding(findingId);
    if (!finding) return;
    const card = findingCard(finding);
    await parts.client.chat.update({
      channel: ref.channel,
      ts: ref.ts,
      text: card.text,
      blocks: slackBlocks(
        withCardState(card.blocks, state, withButtons ? findingButtons(finding) : []),
      ),
    });
  } catch (error) {
    log.warn('could not update the finding card', { findingId, error: String(error) });
  }
}
