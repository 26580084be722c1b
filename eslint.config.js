// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'coverage', 'data', '.ci'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/discord/**', 'src/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'discord.js', message: 'Only src/discord/ talks to Discord; keep the core pure.' }],
        },
      ],
    },
  },
  {
    // One output boundary: only discord-output.ts sends to Discord, so every text goes through the neutraliser.
    files: ['src/discord/**/*.ts'],
    ignores: ['src/discord/discord-output.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name!='discordOutput'][callee.object.type!='CallExpression'][callee.property.name=/^(reply|editReply|followUp|update|respond|showModal|send|startThread|deferReply|deferUpdate|edit)$/]",
          message:
            'Talk to Discord only through discordOutput (src/discord/discord-output.ts), the one output boundary.',
        },
      ],
    },
  },
  {
    // Matchers such as expect.stringContaining are typed `any` by vitest.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
