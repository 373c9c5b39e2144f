/**
 * Small pieces every module shares and that depend on nothing heavier than the JDK.
 *
 * <ul>
 *   <li>{@link org.ecgplatform.common.EcgPlatformException} and its subclasses: the exception hierarchy.
 * </ul>
 */
package org.ecgplatform.common;
