/** Discord's message, embed, component and interaction limits: the one table every posted text is checked against. */
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
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  customId: 100,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  modalTitle: 45,
  textInput: 4000,
  textInputLabel: 45,
  threadName: 100,
} as const;
