"""The prompt text files, loaded as the package resource `assistant.prompt_files` by `assistant.generation.prompts`."""
