/** Discord's message and embed limits that every reply newsdesk posts stays within. */
export const discordLimits = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedFieldValue: 1024,
  /** Characters summed over titles, descriptions, fields, footers and authors of all embeds of one message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  modalTitle: 45,
  textInput: 4000,
} as const;
