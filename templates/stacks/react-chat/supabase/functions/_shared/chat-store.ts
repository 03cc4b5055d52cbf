// Saves verified inbound messages: contact, conversation and message, for the platform client that
// owns the receiving account. Used by the webhook index.ts files only (service role, after the
// signature check). Unknown accounts are logged and skipped: Meta would redeliver them forever.
import type { SupabaseClient } from "@supabase/supabase-js";
import type { InboundMessage } from "./meta-webhook.ts";
import { serviceClient } from "./supabase.ts";

export async function storeInboundMessages(messages: InboundMessage[]): Promise<void> {
  const db = serviceClient();
  for (const message of messages) await storeOne(db, message);
}

async function storeOne(db: SupabaseClient, message: InboundMessage): Promise<void> {
  // channel_accounts maps a WhatsApp phone_number_id, Instagram account id or page id to its tenant.
  const { data: account, error: accountError } = await db.from("channel_accounts").select("platform_client_id")
    .eq("channel", message.channel).eq("account_id", message.accountId).maybeSingle();
  if (accountError) throw new Error(`finding the channel account failed: ${accountError.message}`);
  if (!account) {
    console.warn(`${message.channel} message for unknown account ${message.accountId} skipped`);
    return;
  }
  const platformClientId: string = account.platform_client_id;

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
