/**
 * The {@code cnn} command line (picocli): {@code check}, {@code summary}, {@code train},
 * {@code eval}, {@code predict} and {@code samples}. Commands are thin: they parse options, resolve
 * a model ({@link dev.cnnspec.cli.ModelSource}) and a data set ({@code dev.cnnspec.runtime.data}),
 * and call the compiler or {@code dev.cnnspec.runtime.train}. User errors ({@link
 * dev.cnnspec.cli.UserError}, bad specs, unreadable data) exit with status 2 and one message,
 * never a stack trace; only our own bugs show one.
 */
package dev.cnnspec.cli;
