// The database side of the chat functions, used by their index.ts files only.
// Webhooks (service role, after the signature check): inbound messages with their contact and
// conversation, for the platform client that owns the receiving account, and the delivery statuses
// of sent messages. Unknown accounts are logged and skipped: Meta would redeliver them forever.
// send-message: the conversation read as the caller (RLS decides), then the outbound message
// written with the service role once the caller is known to be a member.
import type { SupabaseClient } from "@supabase/supabase-js";
import { SEND } from "./contract.ts";
import { isChannel, type OutboundMessage, type OutboundStore, type SendTarget } from "./meta-send.ts";
import type { Channel, InboundMessage, StatusUpdate } from "./meta-webhook.ts";
import { serviceClient, userClient } from "./supabase.ts";

export async function storeInboundMessages(messages: InboundMessage[]): Promise<void> {
  const db = serviceClient();
  for (const message of messages) await storeOne(db, message);
}

/**
 * The platform client that owns a receiving account: channel_accounts maps a WhatsApp phone_number_id,
 * Instagram account id or page id to its tenant. Null, with a warning, for an account nobody connected.
 */
async function accountOwner(
  db: SupabaseClient,
  channel: Channel,
  accountId: string,
  what: string,
): Promise<string | null> {
  const { data, error } = await db.from("channel_accounts").select("platform_client_id")
    .eq("channel", channel).eq("account_id", accountId).maybeSingle();
  if (error) throw new Error(`finding the channel account failed: ${error.message}`);
  if (!data) {
    console.warn(`${channel} ${what} for unknown account ${accountId} skipped`);
    return null;
  }
  return data.platform_client_id;
}

async function storeOne(db: SupabaseClient, message: InboundMessage): Promise<void> {
  const platformClientId = await accountOwner(db, message.channel, message.accountId, "message");
  if (!platformClientId) return;

  const { data: contact, error: contactError } = await db.from("social_contacts").upsert({
    platform_client_id: platformClientId,
    channel: message.channel,
    platform_user_id: message.senderId,
    ...(message.senderName ? { display_name: message.senderName } : {}),
  }, { onConflict: "platform_client_id,channel,platform_user_id" }).select("id").single();
  if (contactError) throw new Error(`saving the contact failed: ${contactError.message}`);

  const { data: conversation, error: conversationError } = await db.from("conversations").upsert({
    platform_client_id: platformClientId,
    social_contact_id: contact.id,
    channel: message.channel,
  }, { onConflict: "social_contact_id,channel" }).select("id").single();
  if (conversationError) throw new Error(`saving the conversation failed: ${conversationError.message}`);

  // unique (platform_client_id, channel, platform_message_id): a redelivered message is stored once.
  const { error } = await db.from("messages").upsert({
    platform_client_id: platformClientId,
    conversation_id: conversation.id,
    channel: message.channel,
    direction: "inbound",
    body: message.text,
    platform_message_id: message.messageId,
    ...(message.sentAt ? { sent_at: message.sentAt } : {}),
  }, { onConflict: "platform_client_id,channel,platform_message_id", ignoreDuplicates: true });
  if (error) throw new Error(`saving the message failed: ${error.message}`);
}

/**
 * Applies status updates to outbound messages: one by its platform id, or every one sent to a contact
 * up to a time (Messenger's watermarks). The database keeps each status moving forward.
 */
export async function storeDeliveryStatuses(updates: StatusUpdate[]): Promise<void> {
  const db = serviceClient();
  for (const update of updates) {
    const platformClientId = await accountOwner(db, update.channel, update.accountId, "status");
    if (!platformClientId) continue;
    // No row matches a message sent from elsewhere (Meta's tools, another app): nothing to update.
    if ("messageId" in update) {
      const { error } = await db.from("messages").update({
        delivery_status: update.status,
        delivery_error: update.error,
      }).eq("platform_client_id", platformClientId).eq("channel", update.channel)
        .eq("platform_message_id", update.messageId).eq("direction", "outbound");
      if (error) throw new Error(`saving the delivery status failed: ${error.message}`);
      continue;
    }
    const { data: contact, error: contactError } = await db.from("social_contacts").select("id")
      .eq("platform_client_id", platformClientId).eq("channel", update.channel)
      .eq("platform_user_id", update.contactId).maybeSingle();
    if (contactError) throw new Error(`finding the contact failed: ${contactError.message}`);
    if (!contact) continue;
    const { data: conversation, error: conversationError } = await db.from("conversations").select("id")
      .eq("social_contact_id", contact.id).eq("channel", update.channel).maybeSingle();
    if (conversationError) throw new Error(`finding the conversation failed: ${conversationError.message}`);
    if (!conversation) continue;
    // Only rows still at an earlier status: the database would ignore the update on the others anyway.
    const earlier = SEND.statuses.slice(0, SEND.statuses.indexOf(update.status));
    const { error } = await db.from("messages").update({ delivery_status: update.status })
      .eq("conversation_id", conversation.id).eq("direction", "outbound").lte("sent_at", update.sentUpTo)
      .in("delivery_status", earlier);
    if (error) throw new Error(`saving the delivery status failed: ${error.message}`);
  }
}

/** The conversation, its contact and the client's accounts on its channel, as the caller sees them. */
export async function readSendTarget(req: Request, conversationId: string): Promise<SendTarget | null> {
  const db = userClient(req);
  const { data: conversation, error } = await db.from("conversations")
    .select("id, platform_client_id, channel, social_contact_id").eq("id", conversationId).maybeSingle();
  if (error) throw new Error(`reading the conversation failed: ${error.message}`);
  if (!conversation || !isChannel(conversation.channel)) return null;
  const channel: Channel = conversation.channel;

  const { data: contact, error: contactError } = await db.from("social_contacts").select("platform_user_id")
    .eq("id", conversation.social_contact_id).maybeSingle();
  if (contactError) throw new Error(`reading the contact failed: ${contactError.message}`);
  if (!contact) return null;

  const { data: accounts, error: accountsError } = await db.from("channel_accounts").select("account_id")
    .eq("platform_client_id", conversation.platform_client_id).eq("channel", channel).order("created_at").limit(2);
  if (accountsError) throw new Error(`reading the channel accounts failed: ${accountsError.message}`);

  return {
    conversationId: conversation.id,
    platformClientId: conversation.platform_client_id,
    channel,
    recipientId: contact.platform_user_id,
    accountIds: (accounts ?? []).map((a: { account_id: string }) => a.account_id),
  };
}

/** The columns of a message that send-message returns (OutboundMessage). */
const OUTBOUND_COLUMNS =
  "id, conversation_id, channel, direction, body, platform_message_id, delivery_status, delivery_error, sender_user_id, sent_at";

/** Outbound messages, written with the service role: members cannot insert into messages. */
export const outboundStore: OutboundStore = {
  async create(draft) {
    const { data, error } = await serviceClient().from("messages").insert({
      platform_client_id: draft.platformClientId,
      conversation_id: draft.conversationId,
      channel: draft.channel,
      direction: "outbound",
      body: draft.body,
      sender_user_id: draft.senderUserId,
      delivery_status: "pending",
    }).select(OUTBOUND_COLUMNS).single();
    if (error) throw new Error(`saving the message failed: ${error.message}`);
    return data as OutboundMessage;
  },

  async settle(id, outcome) {
    const { data, error } = await serviceClient().from("messages").update(
      outcome.status === "sent"
        ? { delivery_status: "sent", platform_message_id: outcome.platformMessageId }
        : { delivery_status: "failed", delivery_error: outcome.error },
    ).eq("id", id).select(OUTBOUND_COLUMNS).single();
    if (error) throw new Error(`saving the delivery status failed: ${error.message}`);
    return data as OutboundMessage;
  },
};
