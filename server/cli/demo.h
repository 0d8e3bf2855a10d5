/*
 * demo.h: the demo database of README's command 1: every seed, one account
 * per role with fresh passwords, three surveys opened for 30 days, and the
 * submitted answers of seeds/demo/answers.json (published counts).
 */
#ifndef SHOKAI_DEMO_H
#define SHOKAI_DEMO_H

/* Creates or refreshes the demo database at path and prints the accounts.
   Answers are loaded once (a 団体 that already responded is skipped). */
int demo_prepare(const char *path);

#endif
